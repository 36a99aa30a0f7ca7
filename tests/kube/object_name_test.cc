#include "kube/object_name.h"

#include <gtest/gtest.h>

#include <string>

namespace kexit::kube {
namespace {

TEST(ObjectName, ALabelIsLowerCaseAlphanumericWithInnerDashesUpTo63) {
  EXPECT_TRUE(is_dns1123_label("app"));
  EXPECT_TRUE(is_dns1123_label("spark-kubernetes-driver"));
  EXPECT_TRUE(is_dns1123_label("0"));
  EXPECT_TRUE(is_dns1123_label(std::string(63, 'a')));
  EXPECT_FALSE(is_dns1123_label(std::string(64, 'a')));
  EXPECT_FALSE(is_dns1123_label(""));
  EXPECT_FALSE(is_dns1123_label("-app"));
  EXPECT_FALSE(is_dns1123_label("app-"));
  EXPECT_FALSE(is_dns1123_label("App"));
  EXPECT_FALSE(is_dns1123_label("my.app"));
  EXPECT_FALSE(is_dns1123_label("app'$(touch /tmp/x)'"));
  EXPECT_FALSE(is_dns1123_label("app\"x"));
}

TEST(ObjectName, ASubdomainIsLabelsJoinedByDotsUpTo253) {
  EXPECT_TRUE(is_dns1123_subdomain("api"));
  EXPECT_TRUE(is_dns1123_subdomain("api.v2"));
  EXPECT_TRUE(is_dns1123_subdomain(std::string(100, 'a') + "." + std::string(100, 'b')));
  EXPECT_FALSE(is_dns1123_subdomain(std::string(254, 'a')));
  EXPECT_FALSE(is_dns1123_subdomain(""));
  EXPECT_FALSE(is_dns1123_subdomain("api..v2"));
  EXPECT_FALSE(is_dns1123_subdomain(".api"));
  EXPECT_FALSE(is_dns1123_subdomain("api."));
  EXPECT_FALSE(is_dns1123_subdomain("api -n kube-system"));
  EXPECT_FALSE(is_dns1123_subdomain("api;rm"));
}

}  // namespace
}  // namespace kexit::kube
