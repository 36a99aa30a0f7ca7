#include "kubesim/impersonation.h"

#include <gtest/gtest.h>

namespace kexit::kubesim {
namespace {

using nlohmann::json;

class ImpersonationTest : public ::testing::Test {
 protected:
  // The requests' authorizer: what `policy_` grants.
  Authorizer authorizer() {
    return [this](const User& user, const RequestAttributes& request) {
      return policy_.authorized(user, request);
    };
  }

  static HttpRequest with_headers(const std::string& user, const std::vector<std::string>& groups) {
    HttpRequest request;
    if (!user.empty()) {
      request.headers["impersonate-user"] = user;
    }
    for (const std::string& group : groups) {
      request.headers["impersonate-group"] = group;
      request.repeated_headers.emplace("impersonate-group", group);
    }
    return request;
  }

  AccessPolicy policy_;
  User bob_{"bob", {"system:authenticated"}};
};

TEST_F(ImpersonationTest, ARequestWithoutHeadersActsAsItsRequestor) {
  auto acting = acting_user(HttpRequest{}, bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<User>(acting));
  EXPECT_EQ(std::get<User>(acting).name, "bob");
  EXPECT_EQ(std::get<User>(acting).groups, std::vector<std::string>{"system:authenticated"});
}

TEST_F(ImpersonationTest, ImpersonatingAUserNeedsTheImpersonateVerbOnUsers) {
  auto refused = acting_user(with_headers("alice", {}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<ApiError>(refused));
  const ApiError& error = std::get<ApiError>(refused);
  EXPECT_EQ(error.code, 403);
  EXPECT_EQ(error.reason, "Forbidden");
  EXPECT_EQ(error.message,
            "users \"alice\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in "
            "API group \"\" at the cluster scope");
  EXPECT_EQ(error.details, json({{"name", "alice"}, {"kind", "users"}}));

  policy_.allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {"alice"}});
  auto acting = acting_user(with_headers("alice", {}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<User>(acting));
  EXPECT_EQ(std::get<User>(acting).name, "alice");
  EXPECT_EQ(std::get<User>(acting).groups, std::vector<std::string>{"system:authenticated"});
}

TEST_F(ImpersonationTest, EachGroupNeedsItsOwnGrantAndTheGroupsReplaceTheUsers) {
  policy_.allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {}});
  policy_.allow("bob", {{"impersonate"}, {""}, {"groups"}, {}, {"devs"}});
  auto refused = acting_user(with_headers("alice", {"devs", "ops"}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<ApiError>(refused));
  EXPECT_EQ(std::get<ApiError>(refused).message,
            "groups \"ops\" is forbidden: User \"bob\" cannot impersonate resource \"groups\" in "
            "API group \"\" at the cluster scope");

  auto acting = acting_user(with_headers("alice", {"devs"}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<User>(acting));
  EXPECT_EQ(std::get<User>(acting).groups,
            (std::vector<std::string>{"devs", "system:authenticated"}));
}

TEST_F(ImpersonationTest, AServiceAccountIsCheckedInItsNamespaceAndGetsItsGroups) {
  std::string agent = "system:serviceaccount:monitoring:kexit";
  auto refused = acting_user(with_headers(agent, {}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<ApiError>(refused));
  EXPECT_EQ(std::get<ApiError>(refused).message,
            "serviceaccounts \"kexit\" is forbidden: User \"bob\" cannot impersonate resource "
            "\"serviceaccounts\" in API group \"\" in the namespace \"monitoring\"");

  policy_.allow("bob", {{"impersonate"}, {""}, {"serviceaccounts"}, {"monitoring"}, {}});
  auto acting = acting_user(with_headers(agent, {}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<User>(acting));
  EXPECT_EQ(std::get<User>(acting).name, agent);
  EXPECT_EQ(std::get<User>(acting).groups,
            (std::vector<std::string>{"system:serviceaccounts", "system:serviceaccounts:monitoring",
                                      "system:authenticated"}));
}

TEST_F(ImpersonationTest, GroupsWithoutAUserAreRefused) {
  policy_.allow("bob", {{"impersonate"}, {""}, {"groups"}, {}, {}});
  auto refused = acting_user(with_headers("", {"devs"}), bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<ApiError>(refused));
  EXPECT_EQ(std::get<ApiError>(refused).code, 500);
  EXPECT_EQ(std::get<ApiError>(refused).message,
            "Internal error occurred: requested groups devs without impersonating a user");
}

TEST_F(ImpersonationTest, AUidNeedsItsGrantInAuthenticationAndAUser) {
  policy_.allow("bob", {{"impersonate"}, {""}, {"users"}, {}, {}});
  HttpRequest request = with_headers("alice", {});
  request.headers["impersonate-uid"] = "1234";
  auto refused = acting_user(request, bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<ApiError>(refused));
  EXPECT_EQ(std::get<ApiError>(refused).message,
            "uids.authentication.k8s.io \"1234\" is forbidden: User \"bob\" cannot impersonate "
            "resource \"uids\" in API group \"authentication.k8s.io\" at the cluster scope");

  policy_.allow("bob", {{"impersonate"}, {"authentication.k8s.io"}, {"uids"}, {}, {"1234"}});
  auto acting = acting_user(request, bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<User>(acting));
  EXPECT_EQ(std::get<User>(acting).name, "alice");

  HttpRequest alone;
  alone.headers["impersonate-uid"] = "1234";
  auto without_user = acting_user(alone, bob_, authorizer());
  ASSERT_TRUE(std::holds_alternative<ApiError>(without_user));
  EXPECT_EQ(std::get<ApiError>(without_user).message,
            "Internal error occurred: requested uid 1234 without impersonating a user");
}

}  // namespace
}  // namespace kexit::kubesim
