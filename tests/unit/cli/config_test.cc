#include "cli/config.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "app/patient_access.h"

namespace roi::cli {
namespace {

// Writes `text` to a fresh file in the test's temporary directory and returns its path.
std::string WriteFile(const std::string& name, const std::string& text) {
  std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "config_test";
  std::filesystem::create_directories(dir);
  std::filesystem::path path = dir / name;
  std::ofstream(path) << text;
  return path.string();
}

TEST(ConfigTest, DefaultsWithoutFileOrEnvironment) {
  Result<Config> config = LoadConfig("", {});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->server.host, "127.0.0.1");
  EXPECT_EQ(config->server.port, 8080);
  EXPECT_EQ(config->database.url, "sqlite:openroi.db");
  EXPECT_TRUE(config->log.access_log);
}

TEST(ConfigTest, FileThenEnvironment) {
  std::string file =
      WriteFile("good.toml",
                "[server]\nport = 9000\nhost = \"0.0.0.0\"\n"
                "[database]\nurl = \"sqlite:/tmp/x.db\"\n[log]\naccess_log = false\n");
  Result<Config> config = LoadConfig(file, {{"OPENROI_SERVER_PORT", "9100"},
                                            {"OPENROI_CONFIG", file},
                                            {"OPENROI_NEW_PASSWORD", "x"},
                                            {"HOME", "/"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->server.port, 9100);  // The environment wins over the file.
  EXPECT_EQ(config->server.host, "0.0.0.0");
  EXPECT_EQ(config->database.url, "sqlite:/tmp/x.db");
  EXPECT_FALSE(config->log.access_log);
}

TEST(ConfigTest, TlsFilesComeFromFileOrEnvironmentAndOnlyTogether) {
  std::string file = WriteFile("tls.toml",
                               "[server]\ntls_cert_file = \"/etc/openroi/cert.pem\"\n"
                               "tls_key_file = \"/etc/openroi/key.pem\"\n");
  Result<Config> config =
      LoadConfig(file, {{"OPENROI_SERVER_TLS_KEY_FILE", "/run/secrets/key.pem"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->server.tls_cert_file, "/etc/openroi/cert.pem");
  EXPECT_EQ(config->server.tls_key_file, "/run/secrets/key.pem");
  Result<Config> half = LoadConfig("", {{"OPENROI_SERVER_TLS_CERT_FILE", "/tmp/cert.pem"}});
  ASSERT_FALSE(half);
  EXPECT_EQ(half.error().code, ErrorCode::kInvalidArgument);
}

TEST(ConfigTest, UnknownFileKeyIsNamedWithItsLine) {
  std::string file = WriteFile("unknown.toml", "[server]\nport = 8080\nprot = 1\n");
  Result<Config> config = LoadConfig(file, {});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(config.error().message.find("line 3"), std::string::npos) << config.error().message;
  EXPECT_NE(config.error().message.find("server.prot"), std::string::npos);
}

TEST(ConfigTest, WrongTypeAndRangeAreNamed) {
  std::string file = WriteFile("type.toml", "[server]\nport = \"eighty\"\n");
  Result<Config> config = LoadConfig(file, {});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("server.port must be an integer"), std::string::npos)
      << config.error().message;

  file = WriteFile("range.toml", "[server]\nport = 70000\n");
  config = LoadConfig(file, {});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("server.port"), std::string::npos);

  file = WriteFile("level.toml", "[log]\nlevel = \"loud\"\n");
  config = LoadConfig(file, {});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("log.level"), std::string::npos);
}

TEST(ConfigTest, SyntaxErrorNamesFileAndLine) {
  std::string file = WriteFile("broken.toml", "[server]\nport = 80\n[database\n");
  Result<Config> config = LoadConfig(file, {});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("broken.toml line 3"), std::string::npos)
      << config.error().message;
}

TEST(ConfigTest, TopLevelKeyMustBeASection) {
  std::string file = WriteFile("flat.toml", "port = 80\n");
  Result<Config> config = LoadConfig(file, {});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("port must be a section"), std::string::npos);
}

TEST(ConfigTest, MissingFileIsNotFound) {
  Result<Config> config = LoadConfig("/nonexistent/openroi.toml", {});
  ASSERT_FALSE(config);
  EXPECT_EQ(config.error().code, ErrorCode::kNotFound);
}

TEST(ConfigTest, BadEnvironmentVariablesAreNamed) {
  Result<Config> config = LoadConfig("", {{"OPENROI_SERVER_PORT", "80x"}});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("OPENROI_SERVER_PORT"), std::string::npos);
  config = LoadConfig("", {{"OPENROI_DATABSE_URL", "sqlite:x"}});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("OPENROI_DATABSE_URL is not a known setting"),
            std::string::npos);
  config = LoadConfig("", {{"OPENROI_LOG_ACCESS_LOG", "maybe"}});
  ASSERT_FALSE(config);
  config = LoadConfig("", {{"OPENROI_DATABASE_URL", "mysql://x"}});
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message.find("database.url"), std::string::npos);
}

TEST(ConfigTest, WebRootFromTheEnvironment) {
  Result<Config> config = LoadConfig("", {});
  ASSERT_TRUE(config);
  EXPECT_NE(config->web.root.find("web/dist"), std::string::npos);
  config = LoadConfig("", {{"OPENROI_WEB_ROOT", "/srv/openroi/web"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->web.root, "/srv/openroi/web");
  EXPECT_NE(RenderConfig(*config).find("[web]\nroot = \"/srv/openroi/web\""), std::string::npos);
  EXPECT_FALSE(LoadConfig("", {{"OPENROI_WEB_ROOT", ""}}));
}

TEST(ConfigTest, EveryKeyHasAnEnvironmentName) {
  for (const ConfigKey& key : ConfigKeys()) {
    std::string expected = "OPENROI_";
    for (char c : key.name) expected += c == '.' ? '_' : static_cast<char>(std::toupper(c));
    EXPECT_EQ(key.env, expected);
  }
}

TEST(ConfigTest, MasterKeySettingsLoadAndTheKeyIsMasked) {
  Result<Config> config =
      LoadConfig("", {{"OPENROI_MASTER_KEY_FILE", "/etc/openroi/master.key"},
                      {"OPENROI_MASTER_KEY", "c2VjcmV0LWtleS1ieXRlcw=="},
                      {"OPENROI_MASTER_ACCEPT_KEY_FILE", "/etc/openroi/old.key"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->master.key_file, "/etc/openroi/master.key");
  EXPECT_EQ(config->master.accept_key_file, "/etc/openroi/old.key");
  std::string rendered = RenderConfig(*config);
  EXPECT_EQ(rendered.find("c2VjcmV0LWtleS1ieXRlcw"), std::string::npos);
  EXPECT_NE(rendered.find("key = \"***\""), std::string::npos);
  EXPECT_NE(rendered.find("key_file = \"/etc/openroi/master.key\""), std::string::npos);
}

TEST(ConfigTest, JobAndDeadlineSettingsLoadAndBadReminderDaysAreRefused) {
  Result<Config> defaults = LoadConfig("", {});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->jobs.runners, 1);
  EXPECT_EQ(defaults->deadlines.reminder_days, "5,1");
  EXPECT_EQ(defaults->deadlines.pending_expiry_days, 60);
  Result<Config> config = LoadConfig("", {{"OPENROI_JOBS_RUNNERS", "0"},
                                          {"OPENROI_DEADLINES_REMINDER_DAYS", "7,2"},
                                          {"OPENROI_DEADLINES_PENDING_EXPIRY_DAYS", "30"},
                                          {"OPENROI_LETTERS_PRIVACY_OFFICER", "Privacy Officer"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->jobs.runners, 0);
  EXPECT_EQ(config->deadlines.pending_expiry_days, 30);
  EXPECT_NE(RenderConfig(*config).find("[deadlines]\nreminder_days = \"7,2\""), std::string::npos);
  Result<Config> bad = LoadConfig("", {{"OPENROI_DEADLINES_REMINDER_DAYS", "soon"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("deadlines.reminder_days"), std::string::npos);
  EXPECT_FALSE(LoadConfig("", {{"OPENROI_DEADLINES_PENDING_EXPIRY_DAYS", "0"}}));
}

TEST(ConfigTest, SecurityKeysAreReadAndChecked) {
  Result<Config> defaults = LoadConfig("", {});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->security.break_glass_minutes, 60);
  EXPECT_EQ(defaults->security.assignment_scoped_roles, "clinician");
  Result<Config> config =
      LoadConfig("", {{"OPENROI_SECURITY_BREAK_GLASS_MINUTES", "30"},
                      {"OPENROI_SECURITY_ASSIGNMENT_SCOPED_ROLES", "clinician,billing"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->security.break_glass_minutes, 30);
  EXPECT_NE(RenderConfig(*config).find("[security]\nbreak_glass_minutes = 30"), std::string::npos);
  Result<Config> bad = LoadConfig("", {{"OPENROI_SECURITY_ASSIGNMENT_SCOPED_ROLES", "surgeon"}});
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message.find("security.assignment_scoped_roles"), std::string::npos);
  EXPECT_FALSE(LoadConfig("", {{"OPENROI_SECURITY_BREAK_GLASS_MINUTES", "0"}}));
  // An empty list turns the rule off.
  Result<Config> none = LoadConfig(
      WriteFile("unscoped.toml", "[security]\nassignment_scoped_roles = \"none\"\n"), {});
  ASSERT_TRUE(none) << none.error().ToString();
  EXPECT_TRUE(ParseRoleList(none->security.assignment_scoped_roles)->empty());
}

TEST(ConfigTest, DataDirectoryIsTheSqliteFolder) {
  Config config;
  config.database.url = "sqlite:/var/lib/openroi/openroi.db";
  EXPECT_EQ(DataDirectory(config), "/var/lib/openroi");
  config.database.url = "sqlite:openroi.db";
  EXPECT_EQ(DataDirectory(config), ".");
  config.database.url = "postgresql://roi@db/x";
  EXPECT_EQ(DataDirectory(config), ".");
}

TEST(DatabaseUrlTest, ParsesBothKinds) {
  Result<DatabaseTarget> sqlite = ParseDatabaseUrl("sqlite:var/openroi.db");
  ASSERT_TRUE(sqlite);
  EXPECT_EQ(sqlite->kind, DatabaseTarget::Kind::kSqlite);
  EXPECT_EQ(sqlite->location, "var/openroi.db");
  Result<DatabaseTarget> pg = ParseDatabaseUrl("postgresql://u:p@127.0.0.1:5432/db");
  ASSERT_TRUE(pg);
  EXPECT_EQ(pg->kind, DatabaseTarget::Kind::kPostgres);
  EXPECT_FALSE(ParseDatabaseUrl("sqlite:"));
  EXPECT_FALSE(ParseDatabaseUrl("openroi.db"));
}

TEST(DatabaseUrlTest, MasksPasswords) {
  EXPECT_EQ(MaskDatabaseUrl("postgresql://roi:s3cret@db:5432/x"), "postgresql://roi:***@db:5432/x");
  EXPECT_EQ(MaskDatabaseUrl("postgresql://roi@db/x"), "postgresql://roi@db/x");
  EXPECT_EQ(MaskDatabaseUrl("sqlite:a.db"), "sqlite:a.db");
  Config config;
  config.database.url = "postgresql://roi:s3cret@db/x";
  EXPECT_EQ(RenderConfig(config).find("s3cret"), std::string::npos);
  config.audit.seal_key = std::string(64, 'a');
  EXPECT_EQ(RenderConfig(config).find(config.audit.seal_key), std::string::npos);
  EXPECT_NE(RenderConfig(config).find("seal_key = \"***\""), std::string::npos);
}

TEST(ConfigTest, DeliveryAndSmtpSettingsLoadWithinTheirRanges) {
  Result<Config> defaults = LoadConfig("", {});
  ASSERT_TRUE(defaults) << defaults.error().ToString();
  EXPECT_EQ(defaults->delivery.link_days, 14);
  EXPECT_EQ(defaults->delivery.max_downloads, 3);
  EXPECT_EQ(defaults->smtp.port, 25);
  Result<Config> config = LoadConfig("", {{"OPENROI_DELIVERY_LINK_DAYS", "7"},
                                          {"OPENROI_DELIVERY_MAX_DOWNLOADS", "2"},
                                          {"OPENROI_DELIVERY_BASE_URL", "https://roi.example.test"},
                                          {"OPENROI_SMTP_HOST", "127.0.0.1"},
                                          {"OPENROI_SMTP_PORT", "2525"},
                                          {"OPENROI_SMTP_FROM", "records@example.test"}});
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_EQ(config->delivery.link_days, 7);
  EXPECT_EQ(config->delivery.max_downloads, 2);
  EXPECT_EQ(config->delivery.base_url, "https://roi.example.test");
  EXPECT_EQ(config->smtp.host, "127.0.0.1");
  EXPECT_EQ(config->smtp.port, 2525);
  EXPECT_EQ(config->smtp.from, "records@example.test");
  EXPECT_NE(RenderConfig(*config).find("[smtp]\nhost = \"127.0.0.1\"\nport = 2525"),
            std::string::npos);
  EXPECT_FALSE(LoadConfig("", {{"OPENROI_DELIVERY_LINK_DAYS", "0"}}));
  EXPECT_FALSE(LoadConfig("", {{"OPENROI_DELIVERY_MAX_DOWNLOADS", "1001"}}));
}

}  // namespace
}  // namespace roi::cli

namespace roi::cli {
namespace {

TEST(ConfigTest, RetentionSettingsLoadWithSafeDefaults) {
  Result<Config> defaults = LoadConfig("", {});
  ASSERT_TRUE(defaults);
  EXPECT_EQ(defaults->retention.years, 6);
  EXPECT_FALSE(defaults->retention.enabled);
  Result<Config> set =
      LoadConfig("", {{"OPENROI_RETENTION_YEARS", "10"}, {"OPENROI_RETENTION_ENABLED", "true"}});
  ASSERT_TRUE(set) << set.error().ToString();
  EXPECT_EQ(set->retention.years, 10);
  EXPECT_TRUE(set->retention.enabled);
  EXPECT_NE(RenderConfig(*set).find("[retention]\nyears = 10\nenabled = true"), std::string::npos);
  Result<Config> zero = LoadConfig("", {{"OPENROI_RETENTION_YEARS", "0"}});
  ASSERT_FALSE(zero);
  EXPECT_NE(zero.error().message.find("retention.years"), std::string::npos)
      << zero.error().message;
}

}  // namespace
}  // namespace roi::cli
