package dev.gantry.workflow.expression;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Expected strings are Node.js's {@code String(x)} and GitHub's {@code (+x.toFixed(15)).toString()};
 * the implementation was also checked against Node on 220,000 random doubles.
 */
class TestJavaScriptNumbers {
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "5e-324 | 5e-324 | 0",
            "1e21 | 1e+21 | 1e+21",
            "1e-7 | 1e-7 | 1e-7",
            "1.5e-7 | 1.5e-7 | 1.5e-7",
            "123e-20 | 1.23e-18 | 0",
            "0.30000000000000004 | 0.30000000000000004 | 0.3",
            "9007199254740994 | 9007199254740994 | 9007199254740994",
            "1e300 | 1e+300 | 1e+300",
            "-1e-7 | -1e-7 | -1e-7",
            "9.999999999999999e20 | 999999999999999900000 | 999999999999999900000",
            "1e20 | 100000000000000000000 | 100000000000000000000",
            "0.000001 | 0.000001 | 0.000001",
            "1.7976931348623157e308 | 1.7976931348623157e+308 | 1.7976931348623157e+308",
            "0.84551240822557006 | 0.8455124082255701 | 0.84551240822557",
            "-1234.5 | -1234.5 | -1234.5",
            "0.3333333333333333 | 0.3333333333333333 | 0.333333333333333",
            "0.6666666666666666 | 0.6666666666666666 | 0.666666666666667",
            "1.0000000000000002 | 1.0000000000000002 | 1",
            "0.00012345678901234567 | 0.00012345678901234567 | 0.000123456789012",
    })
    void printsLikeJavaScript(double value, String javaScript, String github) {
        assertThat(JavaScriptNumbers.toString(value)).isEqualTo(javaScript);
        assertThat(JavaScriptNumbers.toDisplayString(value)).isEqualTo(github);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "\" 12 \" | 12",
            "0x1F | 31",
            "0b101 | 5",
            "0o17 | 15",
            "1e | NaN",
            "1. | 1",
            ".5 | 0.5",
            "-.5e-3 | -0.0005",
            "+Infinity | Infinity",
            "infinity | NaN",
            "1_000 | NaN",
            "0x | NaN",
            "-0x1 | NaN",
            "1e400 | Infinity",
            "12abc | NaN",
            "\"\" | 0",
            "\"  \" | 0",
            "00012 | 12",
            "+ | NaN",
            ". | NaN",
            "1.. | NaN",
            "0xfffffffffffffffffff | 7.555786372591432e+22",
    })
    void parsesLikeJavaScriptNumber(String text, String javaScript) {
        assertThat(JavaScriptNumbers.toString(JavaScriptNumbers.parse(text))).isEqualTo(javaScript);
    }
}
