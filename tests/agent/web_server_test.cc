#include "agent/web_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

namespace kexit::agent {
namespace {

nlohmann::json agent_event(const std::string& namespace_name, const std::string& pod,
                           const std::string& cause) {
  return {{"metadata",
           {{"name", pod + ".1"},
            {"namespace", namespace_name},
            {"annotations", {{"kexit.io/cause", cause}, {"kexit.io/container", "app"}}}}},
          {"involvedObject", {{"namespace", namespace_name}, {"name", pod}}},
          {"lastTimestamp", "2026-09-21T14:00:05Z"},
          {"message", "Container \"app\" exited"}};
}

TEST(WebServer, ServesThePageWithItsPolicyAndFilters) {
  WebServer server([](WebTerminations& terminations) {
    terminations.add(agent_event("shop", "api-1", "oom-killed"));
    terminations.add(agent_event("data", "etl-1", "oom-killed"));
    return ok_status();
  });
  auto port = server.start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().message;
  httplib::Client client("127.0.0.1", *port);
  client.set_read_timeout(10, 0);
  auto page = client.Get("/?namespace=data");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_EQ(page->get_header_value("Content-Security-Policy"), kWebContentSecurityPolicy);
  EXPECT_EQ(page->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(page->body.find(">etl-1<"), std::string::npos);
  EXPECT_EQ(page->body.find(">api-1<"), std::string::npos);
  auto stylesheet = client.Get("/kexit.css");
  ASSERT_TRUE(stylesheet);
  EXPECT_EQ(stylesheet->status, 200);
  EXPECT_EQ(stylesheet->get_header_value("Content-Security-Policy"), kWebContentSecurityPolicy);
  server.stop();
}

// DNS rebinding: another site's name resolved to 127.0.0.1 arrives with that name in Host.
TEST(WebServer, AnswersOnlyToALoopbackHost) {
  WebServer server([](WebTerminations& terminations) {
    terminations.add(agent_event("shop", "api-1", "oom-killed"));
    return ok_status();
  });
  auto port = server.start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().message;
  httplib::Client client("127.0.0.1", *port);
  client.set_read_timeout(10, 0);
  for (const char* host : {"localhost:8081", "127.0.0.1", "[::1]:8081"}) {
    auto page = client.Get("/", {{"Host", host}});
    ASSERT_TRUE(page);
    EXPECT_EQ(page->status, 200) << host;
  }
  for (const char* host : {"attacker.example:8081", "127.0.0.1.nip.io", ""}) {
    auto refused = client.Get("/", {{"Host", host}});
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, 403) << host;
    EXPECT_EQ(refused->body.find("api-1"), std::string::npos);
  }
  server.stop();
}

TEST(WebServer, HostNameIsTheHeaderWithoutItsPort) {
  EXPECT_EQ(host_name("localhost:8081"), "localhost");
  EXPECT_EQ(host_name("[::1]:8081"), "[::1]");
  EXPECT_EQ(host_name("127.0.0.1"), "127.0.0.1");
}

TEST(WebServer, ShowsWhatItReadAndWhyTheRestIsMissing) {
  WebServer server([](WebTerminations& terminations) -> Status {
    terminations.add(agent_event("shop", "api-1", "oom-killed"));
    return Error{"events is forbidden: <User \"x\">"};
  });
  auto port = server.start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.error().message;
  httplib::Client client("127.0.0.1", *port);
  client.set_read_timeout(10, 0);
  auto page = client.Get("/");
  ASSERT_TRUE(page);
  EXPECT_NE(page->body.find(">api-1<"), std::string::npos);
  EXPECT_NE(page->body.find("cannot read the agent&#39;s Events; the list may be incomplete: "
                            "events is forbidden: &lt;User &quot;x&quot;&gt;"),
            std::string::npos);
  server.stop();
}

TEST(WebServer, LoopbackHosts) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("127.1.2.3"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("10.0.0.1"));
  EXPECT_FALSE(is_loopback_host("127example.com"));
  EXPECT_FALSE(is_loopback_host("127.example.com"));
}

}  // namespace
}  // namespace kexit::agent
