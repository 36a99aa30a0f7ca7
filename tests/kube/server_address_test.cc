#include "kube/server_address.h"

#include <gtest/gtest.h>

namespace kexit::kube {
namespace {

TEST(ServerAddress, ParsesHostPortAndPrefix) {
  auto address = parse_server_address("https://rancher.example.com/k8s/clusters/c-1/");
  ASSERT_TRUE(address);
  EXPECT_EQ(address->scheme, "https");
  EXPECT_EQ(address->host, "rancher.example.com");
  EXPECT_EQ(address->port, 443);
  EXPECT_EQ(address->path_prefix, "/k8s/clusters/c-1");
  EXPECT_EQ(address->url(), "https://rancher.example.com:443/k8s/clusters/c-1");
}

TEST(ServerAddress, ParsesIpv6AndHttp) {
  auto ipv6 = parse_server_address("https://[::1]:6443");
  ASSERT_TRUE(ipv6);
  EXPECT_EQ(ipv6->host, "::1");
  EXPECT_EQ(ipv6->port, 6443);
  EXPECT_EQ(ipv6->host_and_port(), "[::1]:6443");
  auto plain = parse_server_address("http://127.0.0.1");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->port, 80);
  EXPECT_FALSE(plain->is_tls());
  auto bare = parse_server_address("10.0.0.1:6443");
  ASSERT_TRUE(bare);
  EXPECT_EQ(bare->scheme, "https");
}

TEST(ServerAddress, RejectsBadUrls) {
  auto scheme = parse_server_address("ftp://x");
  ASSERT_FALSE(scheme);
  EXPECT_EQ(scheme.error().message,
            "invalid server URL \"ftp://x\": unsupported scheme \"ftp\"; expected "
            "https://HOST[:PORT] in the cluster's server field");
  EXPECT_FALSE(parse_server_address("https://host:99999"));
  EXPECT_FALSE(parse_server_address("https://"));
  EXPECT_FALSE(parse_server_address("https://[::1"));
}

TEST(ServerAddress, KnowsIpLiterals) {
  EXPECT_TRUE(is_ip_literal("10.96.0.1"));
  EXPECT_TRUE(is_ip_literal("fd00::1"));
  EXPECT_FALSE(is_ip_literal("kubernetes.default.svc"));
}

}  // namespace
}  // namespace kexit::kube
