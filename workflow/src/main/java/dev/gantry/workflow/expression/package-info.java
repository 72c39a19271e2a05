/**
 * GitHub Actions expressions: the language inside {@code ${{ }}} and in {@code if:} conditions,
 * with GitHub's syntax, type coercion, functions, limits and error messages. Pure: no I/O, no
 * clock, no shared mutable state; parsed expressions are immutable and thread-safe.
 *
 * <h2>The API</h2>
 * <ul>
 *   <li>{@link dev.gantry.workflow.expression.ExpressionScope}: what a workflow position allows,
 *       the named-values (contexts) and the functions beyond the built-ins
 *       ({@link dev.gantry.workflow.expression.FunctionSignature}, e.g. {@code hashFiles}).</li>
 *   <li>{@link dev.gantry.workflow.expression.Expression#parse(String, ExpressionScope)}: parse and
 *       validate one expression (the text inside {@code ${{ }}}); a rejection is an
 *       {@link dev.gantry.workflow.expression.ExpressionException} whose message is GitHub's, e.g.
 *       {@code Unrecognized named-value: 'foo'. Located at position 1 within expression: foo.bar}.
 *       {@link dev.gantry.workflow.expression.Expression#validate(String, ExpressionScope)} returns
 *       that message instead of throwing.</li>
 *   <li>{@link dev.gantry.workflow.expression.Template#parse(String, ExpressionScope)}: split a
 *       string with embedded {@code ${{ }}} into
 *       {@link dev.gantry.workflow.expression.TemplatePart}s and evaluate it (to the value itself
 *       when the string is one whole expression, else to a string).</li>
 *   <li>{@link dev.gantry.workflow.expression.IfCondition}: a job or step {@code if:}, bare or
 *       wrapped, with GitHub's implicit {@code success() &&}.</li>
 *   <li>{@link dev.gantry.workflow.expression.Expression#evaluate(EvaluationContext)}: evaluate
 *       against an {@link dev.gantry.workflow.expression.EvaluationContext}: the contexts as
 *       {@link dev.gantry.workflow.expression.ExpressionValue}s (convert from Jackson with
 *       {@link dev.gantry.workflow.expression.ExpressionValue#fromJson}) and the caller's
 *       {@link dev.gantry.workflow.expression.ExpressionFunctions} for the status functions and
 *       {@code hashFiles} ({@link dev.gantry.workflow.expression.StatusFunctions} is the standard
 *       implementation).</li>
 *   <li>{@link dev.gantry.workflow.expression.ExpressionCommandSupport}: what
 *       {@code gantry expr} computes.</li>
 * </ul>
 *
 * <h2>Fidelity</h2>
 * The reference is GitHub's own conformance suite (in the module's test resources) and its
 * TypeScript implementation {@code @actions/expressions}: loose equality with case-insensitive
 * strings, JavaScript number parsing ({@code 0x}, {@code 0o}, exponents, {@code Infinity}) and
 * printing (at most 15 decimals), {@code &&}/{@code ||} returning an operand, {@code .*} filters,
 * a depth limit of 50, a length limit of 21,000 characters, and a 1 MB memory limit for strings
 * built by {@code format}, {@code join} and {@code toJSON}. Error positions count from 1 over the
 * whole text (new lines included), as github.com reports them.
 */
package dev.gantry.workflow.expression;
