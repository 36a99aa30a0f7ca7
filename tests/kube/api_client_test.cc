#include "kube/api_client.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "test_http_server.h"
#include "testing/fake_clock.h"

namespace kexit::kube {
namespace {

using nlohmann::json;

class ApiClientTest : public ::testing::Test {
 protected:
  std::unique_ptr<ApiClient> client_for(TestHttpServer& server, TransportOptions options = {}) {
    ClientConfig config;
    config.server = *parse_server_address(server.url());
    config.namespace_name = "team";
    options.clock = &clock_;
    options.exec = ExecRunOptions{};
    if (options.retry.max_attempts == RetryPolicy{}.max_attempts) {
      options.retry.max_attempts = 3;
    }
    return std::make_unique<ApiClient>(config, options);
  }

  static json pod(const std::string& name, const std::string& version = "1") {
    return {{"metadata", {{"name", name}, {"namespace", "team"}, {"resourceVersion", version}}}};
  }

  FakeClock clock_;
};

TEST_F(ApiClientTest, FollowsContinueTokensAcrossPages) {
  TestHttpServer server;
  server.server().Get("/api/v1/namespaces/team/pods", [](const httplib::Request& request,
                                                         httplib::Response& response) {
    std::string token = request.get_param_value("continue");
    json list = {{"kind", "PodList"}, {"metadata", {{"resourceVersion", "77"}}}};
    if (token.empty()) {
      list["items"] = {pod("a"), pod("b")};
      list["metadata"]["continue"] = "page+2/=";
    } else if (token == "page+2/=") {
      list["items"] = json::array({pod("c")});
    }
    response.set_content(list.dump(), "application/json");
  });
  server.start();
  auto client = client_for(server);
  ListOptions options;
  options.label_selector = "app in (web,api)";
  auto list = client->list_pods("team", options);
  ASSERT_TRUE(list) << list.error().message;
  ASSERT_EQ(list->items.size(), 3u);
  EXPECT_EQ(list->items[2]["metadata"]["name"], "c");
  EXPECT_EQ(list->resource_version, "77");
  auto requests = server.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].target,
            "/api/v1/namespaces/team/pods?labelSelector=app%20in%20%28web%2Capi%29&limit=500");
  EXPECT_EQ(requests[1].target,
            "/api/v1/namespaces/team/pods?labelSelector=app%20in%20%28web%2Capi%29&limit=500&"
            "continue=page%2B2%2F%3D");
}

TEST_F(ApiClientTest, AcceptsAServerThatIgnoresTheLimit) {
  TestHttpServer server;
  server.server().Get("/api/v1/pods", [](const httplib::Request&, httplib::Response& response) {
    json list = {{"metadata", {{"resourceVersion", "5"}}}, {"items", json::array()}};
    for (int i = 0; i < 700; ++i) {
      list["items"].push_back(pod("p" + std::to_string(i)));
    }
    response.set_content(list.dump(), "application/json");
  });
  server.start();
  auto client = client_for(server);
  auto list = client->list_pods("");
  ASSERT_TRUE(list) << list.error().message;
  EXPECT_EQ(list->items.size(), 700u);
  EXPECT_EQ(server.requests().size(), 1u);
}

TEST_F(ApiClientTest, StartsOverWhenTheContinueTokenExpires) {
  TestHttpServer server;
  server.server().Get("/api/v1/pods", [](const httplib::Request& request,
                                         httplib::Response& response) {
    if (request.has_param("continue")) {
      response.status = 410;
      response.set_content(
          R"({"kind":"Status","code":410,"reason":"Expired","message":"The provided continue parameter is too old","metadata":{"continue":"inconsistent"}})",
          "application/json");
      return;
    }
    json list = {{"metadata", {{"resourceVersion", "9"}}}};
    if (request.has_param("limit")) {
      list["items"] = json::array({pod("a")});
      list["metadata"]["continue"] = "t";
    } else {
      list["items"] = {pod("a"), pod("b")};
    }
    response.set_content(list.dump(), "application/json");
  });
  server.start();
  auto client = client_for(server);
  std::vector<std::string> visited;
  auto version = client->list_each("/api/v1/pods", {}, [&](json&& item) {
    visited.push_back(item["metadata"]["name"]);
    return ok_status();
  });
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(*version, "9");
  EXPECT_EQ(visited, (std::vector<std::string>{"a", "a", "b"}));
  EXPECT_EQ(server.requests().back().target, "/api/v1/pods");
}

TEST_F(ApiClientTest, PagesAgainWhenTheContinueTokenExpiresIfAskedTo) {
  TestHttpServer server;
  int continued = 0;
  server.server().Get("/api/v1/pods", [&](const httplib::Request& request,
                                          httplib::Response& response) {
    json list = {{"metadata", {{"resourceVersion", "9"}}}};
    if (request.has_param("continue") && continued++ == 0) {
      response.status = 410;
      response.set_content(
          R"({"kind":"Status","code":410,"reason":"Expired","message":"The provided continue parameter is too old"})",
          "application/json");
      return;
    }
    if (request.has_param("continue")) {
      list["items"] = json::array({pod("b")});
    } else {
      list["items"] = json::array({pod("a")});
      list["metadata"]["continue"] = "t";
    }
    response.set_content(list.dump(), "application/json");
  });
  server.start();
  auto client = client_for(server);
  ListOptions options;
  options.full_list_if_expired = false;
  std::vector<std::string> visited;
  auto version = client->list_each("/api/v1/pods", options, [&](json&& item) {
    visited.push_back(item["metadata"]["name"]);
    return ok_status();
  });
  ASSERT_TRUE(version) << version.error().message;
  EXPECT_EQ(visited, (std::vector<std::string>{"a", "a", "b"}));
  // Every request, the restart included, asked for one page.
  ASSERT_EQ(server.requests().size(), 4u);
  for (const auto& request : server.requests()) {
    EXPECT_NE(request.target.find("limit=500"), std::string::npos) << request.target;
  }
}

// What the agent's Lease client relies on: a server that does not answer ends the call after
// the client's read timeout, once, instead of after 30 s and retries. Real time (ctest label
// `realtime`): the read timeout is the socket's, in whole seconds, so this takes 1 s.
TEST_F(ApiClientTest, ReadTimeoutAndAttemptsComeFromTheTransportOptions) {
  // The handler answers only once the client has given up, not after a fixed sleep. Declared
  // before the server, which joins the handler's thread when it goes.
  std::mutex mutex;
  std::condition_variable client_done;
  bool done = false;
  TestHttpServer server;
  std::atomic<int> calls{0};
  server.server().Get("/apis/coordination.k8s.io/v1/namespaces/kexit/leases/kexit-agent",
                      [&](const httplib::Request&, httplib::Response& response) {
                        ++calls;
                        std::unique_lock lock(mutex);
                        client_done.wait(lock, [&] { return done; });
                        response.set_content("{}", "application/json");
                      });
  server.start();
  TransportOptions options;
  options.read_timeout = std::chrono::seconds(1);
  options.retry.max_attempts = 1;
  auto client = client_for(server, options);
  auto lease = client->get_lease("kexit", "kexit-agent");
  {
    std::lock_guard lock(mutex);
    done = true;
  }
  client_done.notify_all();
  ASSERT_FALSE(lease.ok());
  EXPECT_NE(lease.error().message.find("1 s"), std::string::npos) << lease.error().message;
  EXPECT_EQ(calls.load(), 1);
}

TEST_F(ApiClientTest, ExplainsFailedReads) {
  TestHttpServer server;
  server.server().Get("/api/v1/namespaces/team/pods/ghost", [](const httplib::Request&,
                                                               httplib::Response& response) {
    response.status = 404;
    response.set_content(
        R"({"kind":"Status","code":404,"reason":"NotFound","message":"pods \"ghost\" not found"})",
        "application/json");
  });
  server.server().Get("/api/v1/namespaces/locked/pods", [](const httplib::Request&,
                                                           httplib::Response& response) {
    response.status = 403;
    response.set_content(
        R"({"kind":"Status","code":403,"reason":"Forbidden","message":"pods is forbidden: User \"dev\" cannot list resource \"pods\" in API group \"\" in the namespace \"locked\""})",
        "application/json");
  });
  server.start();
  auto client = client_for(server);
  auto ghost = client->get_pod("team", "ghost");
  ASSERT_FALSE(ghost);
  EXPECT_EQ(
      ghost.error().message,
      "pods \"ghost\" not found in namespace \"team\"; check the name and the namespace (-n)");
  auto missing = client->find_object("/api/v1/namespaces/team/pods/ghost");
  ASSERT_TRUE(missing);
  EXPECT_FALSE(missing->has_value());
  auto locked = client->list_pods("locked");
  ASSERT_FALSE(locked);
  EXPECT_EQ(
      locked.error().message,
      "forbidden: cannot list pods in namespace \"locked\"; the RBAC role needs verb \"list\" "
      "on resource \"pods\"; the request was made as User \"dev\"");
}

// Serves a watch whose bytes arrive cut at awkward places.
void serve_watch(TestHttpServer& server, std::vector<std::string> pieces, bool end_cleanly) {
  server.server().Get(
      "/api/v1/pods", [pieces, end_cleanly](const httplib::Request&, httplib::Response& response) {
        response.set_chunked_content_provider(
            "application/json", [pieces, end_cleanly](std::size_t, httplib::DataSink& sink) {
              for (const std::string& piece : pieces) {
                sink.write(piece.data(), piece.size());
              }
              if (!end_cleanly) {
                return false;  // drop the connection without the final chunk
              }
              sink.done();
              return true;
            });
      });
}

TEST_F(ApiClientTest, WatchesEventsSplitAcrossChunks) {
  std::string added =
      R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"11"}}})"
      "\n";
  std::string bookmark =
      R"({"type":"BOOKMARK","object":{"kind":"Pod","metadata":{"resourceVersion":"15"}}})"
      "\n";
  TestHttpServer server;
  serve_watch(server,
              {added.substr(0, 9), added.substr(9) + bookmark.substr(0, 30), bookmark.substr(30)},
              true);
  server.start();
  auto client = client_for(server);
  WatchOptions options;
  options.resource_version = "10";
  options.timeout = std::chrono::seconds(5);
  std::vector<std::string> seen;
  auto result = client->watch("/api/v1/pods", options, [&](const WatchEvent& event) {
    seen.push_back(std::string(to_string(event.type)) + " " + resource_version_of(event.object));
    return true;
  });
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->end, WatchEnd::kClosed);
  EXPECT_EQ(result->resource_version, "15");
  EXPECT_EQ(seen, (std::vector<std::string>{"ADDED 11", "BOOKMARK 15"}));
  EXPECT_EQ(server.requests().at(0).target,
            "/api/v1/pods?watch=true&resourceVersion=10&allowWatchBookmarks=true&timeoutSeconds=5");
}

TEST_F(ApiClientTest, ReportsAnExpiredWatchFromItsErrorEvent) {
  TestHttpServer server;
  serve_watch(
      server,
      {R"json({"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","status":"Failure","message":"too old resource version: 1 (50)","reason":"Expired","code":410}})json"
       "\n"},
      true);
  server.start();
  auto client = client_for(server);
  auto result = client->watch("/api/v1/pods", {}, [](const WatchEvent&) { return true; });
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->end, WatchEnd::kExpired);
  EXPECT_EQ(result->status.message, "too old resource version: 1 (50)");
}

TEST_F(ApiClientTest, ReportsAWatchCutMidEvent) {
  std::string added =
      R"({"type":"ADDED","object":{"metadata":{"name":"a","resourceVersion":"11"}}})"
      "\n";
  TestHttpServer server;
  serve_watch(server, {added, added.substr(0, 20)}, false);
  server.start();
  auto client = client_for(server);
  std::size_t events = 0;
  auto result = client->watch("/api/v1/pods", {}, [&](const WatchEvent&) {
    ++events;
    return true;
  });
  ASSERT_TRUE(result) << result.error().message;
  EXPECT_EQ(result->end, WatchEnd::kInterrupted);
  EXPECT_EQ(result->resource_version, "11");
  EXPECT_EQ(events, 1u);
}

TEST_F(ApiClientTest, FetchesTheTailOfALog) {
  TestHttpServer server;
  server.server().Get("/api/v1/namespaces/team/pods/p/log", [](const httplib::Request& request,
                                                               httplib::Response& response) {
    if (request.get_param_value("container") == "gone") {
      response.status = 400;
      response.set_content(
          R"({"kind":"Status","code":400,"reason":"BadRequest","message":"previous terminated container \"gone\" in pod \"p\" not found"})",
          "application/json");
      return;
    }
    std::string text;
    for (int i = 0; i < 100; ++i) {
      text += "line " + std::to_string(i) + "\n";
    }
    response.set_content(text, "text/plain");
  });
  server.start();
  auto client = client_for(server);
  LogOptions options;
  options.container = "main";
  options.previous = true;
  options.tail_lines = 1000;
  options.max_bytes = 30;
  auto log = client->read_log("team", "p", options);
  ASSERT_TRUE(log) << log.error().message;
  EXPECT_TRUE(log->response.ok());
  EXPECT_EQ(log->response.body, "line 97\nline 98\nline 99\n");
  EXPECT_TRUE(log->truncated);
  EXPECT_EQ(server.requests().at(0).target,
            "/api/v1/namespaces/team/pods/p/log?container=main&previous=true&tailLines=1000");

  options.container = "gone";
  auto gone = client->read_log("team", "p", options);
  ASSERT_TRUE(gone);
  EXPECT_EQ(gone->response.status, 400);
  EXPECT_EQ(gone->response.status_object().message,
            "previous terminated container \"gone\" in pod \"p\" not found");
}

TEST_F(ApiClientTest, CreatesAndPatchesEvents) {
  TestHttpServer server;
  server.server().Post("/api/v1/namespaces/team/events",
                       [](const httplib::Request& request, httplib::Response& response) {
                         response.status = 201;
                         response.set_content(request.body, "application/json");
                       });
  server.server().Patch(
      "/apis/events.k8s.io/v1/namespaces/team/events/e1",
      [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
  server.start();
  auto client = client_for(server);
  auto created = client->create_event("team", {{"metadata", {{"name", "e1"}}}, {"reason", "R"}});
  ASSERT_TRUE(created) << created.error().message;
  EXPECT_EQ(created->status, 201);
  EXPECT_EQ((*created->json())["reason"], "R");
  auto patched = client->patch_event("team", "e1", {{"series", {{"count", 2}}}},
                                     PatchType::kStrategicMerge, EventApi::kEventsV1);
  ASSERT_TRUE(patched);
  EXPECT_EQ(patched->status, 404);
  auto requests = server.requests();
  EXPECT_EQ(requests[0].header("Content-Type"), "application/json");
  EXPECT_EQ(requests[1].header("Content-Type"), "application/strategic-merge-patch+json");
  EXPECT_EQ(requests[1].body, R"({"series":{"count":2}})");
}

TEST_F(ApiClientTest, GetsCreatesAndUpdatesLeases) {
  TestHttpServer server;
  const std::string path = "/apis/coordination.k8s.io/v1/namespaces/team/leases/kexit";
  server.server().Get(
      path, [](const httplib::Request&, httplib::Response& response) { response.status = 404; });
  server.server().Post("/apis/coordination.k8s.io/v1/namespaces/team/leases",
                       [](const httplib::Request& request, httplib::Response& response) {
                         response.status = 201;
                         response.set_content(request.body, "application/json");
                       });
  server.server().Put(path, [](const httplib::Request&, httplib::Response& response) {
    response.status = 409;
    response.set_content(
        R"({"kind":"Status","code":409,"reason":"Conflict","message":"Operation cannot be fulfilled on leases.coordination.k8s.io \"kexit\": the object has been modified; please apply your changes to the latest version and try again"})",
        "application/json");
  });
  server.start();
  auto client = client_for(server);
  auto missing = client->get_lease("team", "kexit");
  ASSERT_TRUE(missing) << missing.error().message;
  EXPECT_FALSE(missing->has_value());
  json lease = {{"metadata", {{"name", "kexit"}}}, {"spec", {{"holderIdentity", "me"}}}};
  auto created = client->create_lease("team", lease);
  ASSERT_TRUE(created);
  EXPECT_EQ(created->status, 201);
  lease["metadata"]["resourceVersion"] = "3";
  auto updated = client->update_lease("team", "kexit", lease);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->status, 409);
  EXPECT_EQ(updated->error().message,
            "conflict: Operation cannot be fulfilled on leases.coordination.k8s.io \"kexit\": the "
            "object has been modified; please apply your changes to the latest version and try "
            "again");
  EXPECT_EQ(server.requests().back().method, "PUT");
}

}  // namespace
}  // namespace kexit::kube
