#include "kube/client_overrides.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

using std::chrono::milliseconds;

constexpr char kInvalid[] =
    "--request-timeout: Invalid timeout value. Timeout must be a single integer in seconds, or "
    "an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)";

milliseconds timeout_of(const std::string& text) {
  auto parsed = parse_request_timeout(text);
  EXPECT_TRUE(parsed) << text << ": " << parsed.error().to_string();
  return parsed ? *parsed : milliseconds(-1);
}

std::string error_of(const std::string& text) {
  auto parsed = parse_request_timeout(text);
  return parsed ? "accepted" : parsed.error().to_string();
}

// clientcmd.ParseTimeout: a bare integer is seconds, else time.ParseDuration.
TEST(RequestTimeout, ReadsKubectlsForms) {
  EXPECT_EQ(timeout_of("0"), milliseconds(0));
  EXPECT_EQ(timeout_of("0s"), milliseconds(0));
  EXPECT_EQ(timeout_of("5"), milliseconds(5000));
  EXPECT_EQ(timeout_of("5s"), milliseconds(5000));
  EXPECT_EQ(timeout_of("1m"), milliseconds(60'000));
  EXPECT_EQ(timeout_of("1h30m"), milliseconds(5'400'000));
  EXPECT_EQ(timeout_of("1.5s"), milliseconds(1500));
  EXPECT_EQ(timeout_of("250ms"), milliseconds(250));
  EXPECT_EQ(timeout_of("10us"), milliseconds(1));
  // time.ParseDuration's optional sign, and strconv.ParseInt's.
  EXPECT_EQ(timeout_of("+5s"), milliseconds(5000));
  EXPECT_EQ(timeout_of("+1m30s"), milliseconds(90'000));
  EXPECT_EQ(timeout_of("+5"), milliseconds(5000));
}

TEST(RequestTimeout, RefusesWhatKubectlRefusesInItsWords) {
  for (const char* text : {"", "abc", "-1", "5x", "s", "1.2.3s", "5 s", "+", "++5s", "+-5s"}) {
    EXPECT_EQ(error_of(text), kInvalid) << text;
  }
}

TEST(ClientOverrides, ImpersonationReplacesTheKubeconfigUsers) {
  ClientConfig config;
  config.auth.impersonate = "from-kubeconfig";
  config.auth.impersonate_groups = {"kubeconfig-group"};
  ClientOverrides overrides;
  overrides.impersonate = "alice";
  overrides.impersonate_groups = {"devs", "ops"};
  ASSERT_TRUE(apply_overrides(overrides, config));
  EXPECT_EQ(config.auth.impersonate, "alice");
  EXPECT_EQ(config.auth.impersonate_groups, (std::vector<std::string>{"devs", "ops"}));

  ClientConfig kept;
  kept.auth.impersonate = "from-kubeconfig";
  ASSERT_TRUE(apply_overrides(ClientOverrides{}, kept));
  EXPECT_EQ(kept.auth.impersonate, "from-kubeconfig");
}

TEST(ClientOverrides, GroupsWithoutAUserAreRefused) {
  ClientConfig config;
  ClientOverrides overrides;
  overrides.impersonate_groups = {"devs"};
  auto applied = apply_overrides(overrides, config);
  ASSERT_FALSE(applied);
  EXPECT_EQ(applied.error().to_string(),
            "--as-group: impersonating groups needs a user to impersonate (the API server "
            "refuses groups alone); pass --as USER as well");
}

TEST(ClientOverrides, AsUidReplacesTheKubeconfigsAndNeedsAUser) {
  ClientConfig config;
  config.auth.impersonate = "alice";
  config.auth.impersonate_uid = "from-kubeconfig";
  ClientOverrides overrides;
  overrides.impersonate_uid = "1234";
  ASSERT_TRUE(apply_overrides(overrides, config));
  EXPECT_EQ(config.auth.impersonate_uid, "1234");

  ClientConfig alone;
  auto refused = apply_overrides(overrides, alone);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().to_string(),
            "--as-uid: impersonating a UID needs a user to impersonate (the API server refuses "
            "a UID alone); pass --as USER as well");
}

TEST(ClientOverrides, InsecureSkipTlsVerifyDropsTheCertificateAuthority) {
  ClientConfig config;
  config.tls.ca_pem = "-----BEGIN CERTIFICATE-----\n";
  config.tls.ca_where = "cfg:.clusters[0].cluster.certificate-authority-data";
  ClientOverrides overrides;
  overrides.insecure_skip_tls_verify = true;
  ASSERT_TRUE(apply_overrides(overrides, config));
  EXPECT_TRUE(config.tls.insecure);
  EXPECT_EQ(config.tls.ca_pem, "");
}

TEST(ClientOverrides, TimeoutAndVerbosityGoToEveryRequest) {
  ClientOverrides overrides;
  overrides.request_timeout = milliseconds(5000);
  overrides.verbosity = 6;
  TransportOptions options;
  apply_overrides(overrides, options);
  EXPECT_EQ(options.request_timeout, milliseconds(5000));
  EXPECT_EQ(options.verbosity, 6);
}

}  // namespace
}  // namespace kexit::kube
