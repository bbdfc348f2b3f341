#include "cli/command_line.h"

#include <gtest/gtest.h>

#include <vector>

namespace roi::cli {
namespace {

ParseOutcome Parse(std::vector<const char*> args,
                   const std::map<std::string, std::string>& environment = {}) {
  args.insert(args.begin(), "openroi");
  return ParseCommandLine(static_cast<int>(args.size()), args.data(), environment);
}

TEST(CommandLineTest, ServeWithHostAndPort) {
  ParseOutcome outcome = Parse({"serve", "--host", "0.0.0.0", "--port", "9000"});
  ASSERT_TRUE(outcome.invocation);
  EXPECT_EQ(outcome.invocation->command, Command::kServe);
  EXPECT_EQ(*outcome.invocation->host, "0.0.0.0");
  EXPECT_EQ(*outcome.invocation->port, 9000);
}

TEST(CommandLineTest, EachCommand) {
  EXPECT_EQ(Parse({"migrate"}).invocation->command, Command::kMigrate);
  EXPECT_EQ(Parse({"demo"}).invocation->command, Command::kDemo);
  EXPECT_EQ(Parse({"version"}).invocation->command, Command::kVersion);
  EXPECT_EQ(Parse({"config"}).invocation->command, Command::kConfig);
  ParseOutcome decide = Parse({"decide", "-"});
  ASSERT_TRUE(decide.invocation);
  EXPECT_EQ(decide.invocation->command, Command::kDecide);
  EXPECT_EQ(decide.invocation->case_path, "-");
}

TEST(CommandLineTest, UserCommands) {
  ParseOutcome add = Parse({"user", "add", "--org", "demo", "--email", "a@b.test", "--name", "A",
                            "--role", "billing", "--release-authorized"},
                           {{"OPENROI_NEW_PASSWORD", "pw from env"}});
  ASSERT_TRUE(add.invocation) << add.err;
  EXPECT_EQ(add.invocation->command, Command::kUserAdd);
  EXPECT_EQ(add.invocation->organization, "demo");
  EXPECT_EQ(add.invocation->email, "a@b.test");
  EXPECT_EQ(add.invocation->display_name, "A");
  EXPECT_EQ(add.invocation->role, "billing");
  EXPECT_TRUE(add.invocation->release_authorized);
  EXPECT_EQ(*add.invocation->new_password, "pw from env");
  ParseOutcome passwd = Parse({"user", "passwd", "--org", "demo", "--email", "a@b.test"});
  ASSERT_TRUE(passwd.invocation);
  EXPECT_EQ(passwd.invocation->command, Command::kUserPasswd);
  EXPECT_FALSE(passwd.invocation->new_password);
  EXPECT_EQ(Parse({"user", "disable", "--org", "demo", "--email", "a@b.test"}).invocation->command,
            Command::kUserDisable);
  EXPECT_EQ(Parse({"user", "add", "--org", "demo", "--email", "a@b.test"}).exit_code, 2);
  EXPECT_EQ(Parse({"user"}).exit_code, 2);
}

TEST(CommandLineTest, UserRoleAndAuditCommands) {
  ParseOutcome role = Parse({"user", "role", "--org", "demo", "--email", "a@b.test", "--role",
                             "supervisor", "--release-authorized"});
  ASSERT_TRUE(role.invocation) << role.err;
  EXPECT_EQ(role.invocation->command, Command::kUserRole);
  EXPECT_EQ(role.invocation->role, "supervisor");
  EXPECT_TRUE(role.invocation->release_authorized);
  EXPECT_EQ(Parse({"user", "role", "--org", "demo", "--email", "a@b.test"}).exit_code, 2);
  ParseOutcome verify = Parse({"audit", "verify"});
  ASSERT_TRUE(verify.invocation);
  EXPECT_EQ(verify.invocation->command, Command::kAuditVerify);
  EXPECT_TRUE(verify.invocation->organization.empty());
  EXPECT_EQ(Parse({"audit", "verify", "--organization", "demo"}).invocation->organization, "demo");
  ParseOutcome seal = Parse({"audit", "seal", "--org", "demo"});
  ASSERT_TRUE(seal.invocation);
  EXPECT_EQ(seal.invocation->command, Command::kAuditSeal);
  EXPECT_EQ(seal.invocation->organization, "demo");
  ParseOutcome keygen = Parse({"audit", "keygen", "--out", "k.key"});
  ASSERT_TRUE(keygen.invocation);
  EXPECT_EQ(keygen.invocation->command, Command::kAuditKeygen);
  EXPECT_EQ(keygen.invocation->key_file, "k.key");
  EXPECT_EQ(Parse({"audit", "keygen"}).exit_code, 2);
  EXPECT_EQ(Parse({"audit"}).exit_code, 2);
}

TEST(CommandLineTest, KeysCommands) {
  ParseOutcome generate = Parse({"keys", "generate", "--out", "new.key"});
  ASSERT_TRUE(generate.invocation) << generate.err;
  EXPECT_EQ(generate.invocation->command, Command::kKeysGenerate);
  EXPECT_EQ(generate.invocation->key_file, "new.key");
  EXPECT_EQ(Parse({"keys", "check"}).invocation->command, Command::kKeysCheck);
  ParseOutcome master = Parse({"keys", "rotate-master", "--new-key-file", "n.key"});
  ASSERT_TRUE(master.invocation);
  EXPECT_EQ(master.invocation->command, Command::kKeysRotateMaster);
  EXPECT_EQ(master.invocation->key_file, "n.key");
  ParseOutcome data = Parse({"keys", "rotate-data", "--organization", "demo"});
  ASSERT_TRUE(data.invocation);
  EXPECT_EQ(data.invocation->command, Command::kKeysRotateData);
  EXPECT_EQ(data.invocation->organization, "demo");
  EXPECT_EQ(Parse({"keys", "rotate-data"}).invocation->organization, "");
  ParseOutcome reencrypt = Parse({"keys", "reencrypt", "--org", "demo", "--batch", "10"});
  ASSERT_TRUE(reencrypt.invocation);
  EXPECT_EQ(reencrypt.invocation->command, Command::kKeysReencrypt);
  EXPECT_EQ(reencrypt.invocation->batch, 10);
  EXPECT_EQ(Parse({"keys", "reencrypt", "--batch", "0"}).exit_code, 2);
  EXPECT_EQ(Parse({"keys", "rotate-master"}).exit_code, 2);
  EXPECT_EQ(Parse({"keys"}).exit_code, 2);
}

TEST(CommandLineTest, TokenCommands) {
  ParseOutcome create =
      Parse({"token", "create", "--org", "demo", "--email", "a@b.test", "--name", "export",
             "--scope", "decide", "--scope", "read_patients", "--days", "30"});
  ASSERT_TRUE(create.invocation) << create.err;
  EXPECT_EQ(create.invocation->command, Command::kTokenCreate);
  EXPECT_EQ(create.invocation->token_name, "export");
  EXPECT_EQ(create.invocation->scopes, (std::vector<std::string>{"decide", "read_patients"}));
  EXPECT_EQ(create.invocation->expires_in_days, 30);
  ParseOutcome revoke = Parse({"token", "revoke", "--org", "demo", "--id", "42"});
  ASSERT_TRUE(revoke.invocation) << revoke.err;
  EXPECT_EQ(revoke.invocation->command, Command::kTokenRevoke);
  EXPECT_EQ(revoke.invocation->token_id, 42);
  EXPECT_EQ(Parse({"token", "create", "--org", "demo", "--email", "a@b.test", "--name", "x",
                   "--scope", "decide", "--days", "0"})
                .exit_code,
            2);
  EXPECT_EQ(Parse({"token"}).exit_code, 2);
}

TEST(CommandLineTest, ConfigFromFlagOrEnvironment) {
  EXPECT_EQ(Parse({"--config", "a.toml", "migrate"}).invocation->config_file, "a.toml");
  EXPECT_EQ(Parse({"migrate"}, {{"OPENROI_CONFIG", "b.toml"}}).invocation->config_file, "b.toml");
  EXPECT_EQ(
      Parse({"-c", "a.toml", "migrate"}, {{"OPENROI_CONFIG", "b.toml"}}).invocation->config_file,
      "a.toml");
}

TEST(CommandLineTest, UsageErrorsExitTwoWithAMessage) {
  for (const std::vector<const char*>& args : {std::vector<const char*>{},
                                               {"frobnicate"},
                                               {"serve", "--port", "99999"},
                                               {"decide"},
                                               {"serve", "--bogus"}}) {
    ParseOutcome outcome = Parse(args);
    EXPECT_FALSE(outcome.invocation);
    EXPECT_EQ(outcome.exit_code, 2);
    EXPECT_FALSE(outcome.err.empty());
  }
}

TEST(CommandLineTest, HelpExitsZero) {
  ParseOutcome outcome = Parse({"--help"});
  EXPECT_FALSE(outcome.invocation);
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_NE(outcome.out.find("serve"), std::string::npos);
}

TEST(ExitCodeTest, DistinctCodesForWhatTheCallerShouldDo) {
  EXPECT_EQ(ExitCodeFor(ErrorCode::kInvalidArgument), 2);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kNotFound), 3);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kUnavailable), 69);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kDataLoss), 65);
  EXPECT_EQ(ExitCodeFor(ErrorCode::kInternal), 70);
}

TEST(CommandLineTest, RetentionPurge) {
  ParseOutcome dry = Parse({"retention", "purge", "--dry-run", "--org", "demo", "--limit", "50"});
  ASSERT_TRUE(dry.invocation) << dry.err;
  EXPECT_EQ(dry.invocation->command, Command::kRetentionPurge);
  EXPECT_TRUE(dry.invocation->dry_run);
  EXPECT_EQ(dry.invocation->organization, "demo");
  EXPECT_EQ(dry.invocation->limit, 50);
  ParseOutcome all = Parse({"retention", "purge"});
  ASSERT_TRUE(all.invocation) << all.err;
  EXPECT_FALSE(all.invocation->dry_run);
  EXPECT_TRUE(all.invocation->organization.empty());
  EXPECT_EQ(all.invocation->limit, 1000);
  EXPECT_EQ(Parse({"retention", "purge", "--limit", "0"}).exit_code, 2);
  EXPECT_EQ(Parse({"retention"}).exit_code, 2);
}

}  // namespace
}  // namespace roi::cli
