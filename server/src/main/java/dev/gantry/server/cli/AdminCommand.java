package dev.gantry.server.cli;

import dev.gantry.engine.access.Scopes;
import dev.gantry.engine.identity.Account;
import dev.gantry.engine.identity.OrganizationRole;
import dev.gantry.engine.token.IssuedToken;
import dev.gantry.engine.token.TokenKind;
import dev.gantry.server.GantryCore;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code gantry admin ...}: bootstrap users, organizations and tokens straight in the server's
 * storage, from the shell of the machine that holds it (no running server or token needed).
 */
@Command(name = "admin", mixinStandardHelpOptions = true,
        description = "Create users, organizations and tokens directly in the server's storage.",
        subcommands = {AdminCommand.CreateUser.class, AdminCommand.CreateOrganization.class, AdminCommand.AddMember.class,
                AdminCommand.CreateToken.class})
final class AdminCommand implements Runnable {
    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    GantryCore open() {
        return GantryCore.open(options.load(System.getenv()));
    }

    @Command(name = "create-user", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class CreateUser implements Callable<Integer> {
        @ParentCommand
        AdminCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--login", required = true, description = "The user's login.")
        String login;

        @Option(names = "--email", description = "The user's email address.")
        String email;

        @Option(names = "--site-admin", description = "Make the user a site administrator.")
        boolean siteAdmin;

        @Override
        public Integer call() {
            try (GantryCore core = parent.open()) {
                Account user = core.accounts().createUser(login, email, siteAdmin);
                spec.commandLine().getOut().println("created user " + user.login() + " (id " + user.id() + ")");
                return 0;
            }
        }
    }

    @Command(name = "create-org", mixinStandardHelpOptions = true, description = "Create an organization owned by a user.")
    static final class CreateOrganization implements Callable<Integer> {
        @ParentCommand
        AdminCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--login", required = true, description = "The organization's login.")
        String login;

        @Option(names = "--admin", required = true, description = "Login of the user who will own it.")
        String admin;

        @Option(names = "--name", description = "Display name.")
        String name;

        @Override
        public Integer call() {
            try (GantryCore core = parent.open()) {
                Account owner = core.accounts().requireUser(admin);
                Account organization = core.accounts().createOrganization(login, owner, name);
                spec.commandLine().getOut().println("created organization " + organization.login() + " (id "
                        + organization.id() + ") owned by " + owner.login());
                return 0;
            }
        }
    }

    @Command(name = "add-member", mixinStandardHelpOptions = true,
            description = "Add a user to an organization (or change their role).")
    static final class AddMember implements Callable<Integer> {
        @ParentCommand
        AdminCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--org", required = true, description = "The organization's login.")
        String organization;

        @Option(names = "--user", required = true, description = "The user's login.")
        String user;

        @Option(names = "--role", description = "member or admin (default member).")
        OrganizationRole role = OrganizationRole.MEMBER;

        @Override
        public Integer call() {
            try (GantryCore core = parent.open()) {
                Account organizationAccount = core.accounts().requireOrganization(organization);
                Account member = core.accounts().requireUser(user);
                core.accounts().addMember(organizationAccount, member, role);
                spec.commandLine().getOut().println(member.login() + " is now " + role.name().toLowerCase(java.util.Locale.ROOT)
                        + " of " + organizationAccount.login());
                return 0;
            }
        }
    }

    @Command(name = "create-token", mixinStandardHelpOptions = true,
            description = "Issue a personal access token for a user and print it (shown once).")
    static final class CreateToken implements Callable<Integer> {
        @ParentCommand
        AdminCommand parent;

        @Spec
        CommandSpec spec;

        @Option(names = "--user", required = true, description = "Login of the token's user.")
        String user;

        @Option(names = "--scopes", split = ",", description = "Comma-separated classic scopes (default: repo,workflow,admin:org).")
        List<String> scopes = List.of("repo", "workflow", "admin:org");

        @Option(names = "--note", description = "What the token is for.")
        String note = "gantry admin create-token";

        @Override
        public Integer call() {
            Set<String> requested = new LinkedHashSet<>(scopes);
            for (String scope : requested) {
                if (!Scopes.KNOWN.contains(scope)) {
                    spec.commandLine().getErr().println("gantry: unknown scope '" + scope + "'");
                    return 2;
                }
            }
            try (GantryCore core = parent.open()) {
                Account account = core.accounts().requireUser(user);
                IssuedToken token = core.tokens().issue(account, TokenKind.PERSONAL, requested, note);
                spec.commandLine().getOut().println(token.secret());
                return 0;
            }
        }
    }
}
