#include "agent/health_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>

namespace kexit::agent {
namespace {

TEST(HealthServer, ServesHealthReadinessAndMetrics) {
  std::atomic<bool> ready{false};
  HealthServer server([] { return std::string("kexit_leader 1\n"); }, [&] { return ready.load(); });
  auto port = server.start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().message;
  httplib::Client client("127.0.0.1", *port);
  client.set_read_timeout(10, 0);
  auto health = client.Get("/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  auto not_ready = client.Get("/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  ready = true;
  auto now_ready = client.Get("/readyz");
  ASSERT_TRUE(now_ready);
  EXPECT_EQ(now_ready->status, 200);
  auto metrics = client.Get("/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->body, "kexit_leader 1\n");
  EXPECT_EQ(metrics->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  server.stop();
}

}  // namespace
}  // namespace kexit::agent
