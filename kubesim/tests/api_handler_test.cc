#include "kubesim/api_handler.h"

#include <gtest/gtest.h>

#include "kubesim/api_server.h"
#include "kubesim/kube_time.h"
#include "kubesim/scenario_player.h"

namespace kexit::kubesim {
namespace {

using nlohmann::json;

// Requests through the same handler the network uses, without sockets.
class ApiHandlerTest : public ::testing::Test {
 protected:
  ApiHandlerTest()
      : clock_(*parse_time("2024-05-01T12:00:00Z")), cluster_(clock_), server_(cluster_) {}

  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& token = "",
                       std::map<std::string, std::string> headers = {}) {
    HttpRequest call;
    call.method = method;
    std::size_t question = target.find('?');
    call.path = target.substr(0, question);
    if (question != std::string::npos) {
      std::string query = target.substr(question + 1);
      std::size_t start = 0;
      while (start <= query.size()) {
        std::size_t end = query.find('&', start);
        std::string item =
            query.substr(start, end == std::string::npos ? std::string::npos : end - start);
        std::size_t equals = item.find('=');
        call.query.emplace(item.substr(0, equals),
                           equals == std::string::npos ? "" : item.substr(equals + 1));
        if (end == std::string::npos) {
          break;
        }
        start = end + 1;
      }
    }
    call.headers = std::move(headers);
    call.headers["authorization"] = "Bearer " + (token.empty() ? server_.admin_token() : token);
    call.body = body;
    return server_.call(call);
  }

  json json_of(const HttpResponse& response) { return json::parse(response.body); }

  void create_pod(const std::string& name, const std::string& phase = "Running",
                  const std::string& namespace_name = "default") {
    json pod = {
        {"apiVersion", "v1"},
        {"kind", "Pod"},
        {"metadata", {{"name", name}, {"namespace", namespace_name}, {"labels", {{"app", name}}}}},
        {"spec",
         {{"nodeName", "kubesim-node-1"}, {"containers", {{{"name", "c"}, {"image", "busybox"}}}}}},
        {"status", {{"phase", phase}}}};
    ASSERT_TRUE(cluster_.put(pod).ok());
  }

  ManualClock clock_;
  Cluster cluster_;
  ApiServer server_;
};

TEST_F(ApiHandlerTest, ServesVersionAndLegacyDiscovery) {
  HttpResponse version = request("GET", "/version");
  EXPECT_EQ(version.status, 200);
  EXPECT_EQ(json_of(version)["gitVersion"], "v1.32.4");
  json core = json_of(request("GET", "/api"));
  EXPECT_EQ(core["kind"], "APIVersions");
  EXPECT_EQ(core["versions"], json({"v1"}));
  json resources = json_of(request("GET", "/api/v1"));
  std::vector<std::string> names;
  for (const auto& resource : resources["resources"]) {
    names.push_back(resource["name"]);
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "pods/log"), names.end());
  EXPECT_NE(std::find(names.begin(), names.end(), "events"), names.end());
  for (const auto& resource : resources["resources"]) {
    if (resource["name"] == "serviceaccounts/token") {
      EXPECT_EQ(resource["group"], "authentication.k8s.io");
      EXPECT_EQ(resource["kind"], "TokenRequest");
    }
  }
  EXPECT_NE(std::find(names.begin(), names.end(), "serviceaccounts/token"), names.end());
  json groups = json_of(request("GET", "/apis"));
  EXPECT_EQ(groups["groups"].size(), 5u);
  EXPECT_EQ(json_of(request("GET", "/apis/coordination.k8s.io/v1"))["resources"][0]["name"],
            "leases");
  EXPECT_EQ(request("GET", "/apis/nope.example.com/v1").status, 404);
}

TEST_F(ApiHandlerTest, ServesAggregatedDiscoveryWhenAsked) {
  HttpResponse response =
      request("GET", "/apis", "", "",
              {{"accept",
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
                "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
                "application/json"}});
  EXPECT_EQ(response.content_type,
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
  json list = json_of(response);
  EXPECT_EQ(list["kind"], "APIGroupDiscoveryList");
  EXPECT_EQ(list["items"][0]["metadata"]["name"], "apps");
  json core = json_of(request(
      "GET", "/api", "", "",
      {{"accept", "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList"}}));
  EXPECT_EQ(core["apiVersion"], "apidiscovery.k8s.io/v2beta1");
  const json& pods = core["items"][0]["versions"][0]["resources"][2];
  EXPECT_EQ(pods["resource"], "pods");
  EXPECT_EQ(pods["scope"], "Namespaced");
  EXPECT_EQ(pods["subresources"][0]["subresource"], "log");
}

TEST_F(ApiHandlerTest, UnauthenticatedAndForbiddenAnswersMatchTheApiserver) {
  HttpResponse anonymous = request("GET", "/api/v1/namespaces/default/pods", "", "wrong");
  EXPECT_EQ(anonymous.status, 401);
  EXPECT_EQ(json_of(anonymous), json({{"kind", "Status"},
                                      {"apiVersion", "v1"},
                                      {"metadata", json::object()},
                                      {"status", "Failure"},
                                      {"message", "Unauthorized"},
                                      {"reason", "Unauthorized"},
                                      {"code", 401}}));

  std::string token = server_.add_token({"alice", {"system:authenticated"}});
  cluster_.access().allow("alice", {{"get"}, {""}, {"pods"}, {"default"}, {}});
  HttpResponse listed = request("GET", "/api/v1/namespaces/default/pods", "", token);
  EXPECT_EQ(listed.status, 403);
  json status = json_of(listed);
  EXPECT_EQ(status["reason"], "Forbidden");
  EXPECT_EQ(status["message"],
            "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in "
            "the namespace \"default\"");
  EXPECT_EQ(status["details"], json({{"kind", "pods"}}));
  create_pod("web");
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods/web", "", token).status, 200);
  json log = json_of(request("GET", "/api/v1/namespaces/default/pods/web/log", "", token));
  EXPECT_EQ(log["message"],
            "pods \"web\" is forbidden: User \"alice\" cannot get resource \"pods/log\" in API "
            "group \"\" in the namespace \"default\"");
  EXPECT_EQ(request("GET", "/version", "", token).status, 200);
}

TEST_F(ApiHandlerTest, ImpersonationHeadersActAsTheUserAnRbacRoleLetsTheCallerImpersonate) {
  std::string token = server_.add_token({"bob", {"system:authenticated"}});
  create_pod("web");
  std::map<std::string, std::string> as_alice = {{"impersonate-user", "alice"}};
  HttpResponse refused = request("GET", "/api/v1/namespaces/default/pods", "", token, as_alice);
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(json_of(refused)["message"],
            "users \"alice\" is forbidden: User \"bob\" cannot impersonate resource \"users\" in "
            "API group \"\" at the cluster scope");

  json role = {
      {"apiVersion", "rbac.authorization.k8s.io/v1"},
      {"kind", "ClusterRole"},
      {"metadata", {{"name", "impersonator"}}},
      {"rules", {{{"apiGroups", {""}}, {"resources", {"users"}}, {"verbs", {"impersonate"}}}}}};
  json binding = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
                  {"kind", "ClusterRoleBinding"},
                  {"metadata", {{"name", "bob-impersonates"}}},
                  {"roleRef",
                   {{"apiGroup", "rbac.authorization.k8s.io"},
                    {"kind", "ClusterRole"},
                    {"name", "impersonator"}}},
                  {"subjects", {{{"kind", "User"}, {"name", "bob"}}}}};
  std::string rbac = "/apis/rbac.authorization.k8s.io/v1/";
  ASSERT_EQ(request("POST", rbac + "clusterroles", role.dump()).status, 201);
  ASSERT_EQ(request("POST", rbac + "clusterrolebindings", binding.dump()).status, 201);
  // Now authorized as alice, who may read nothing yet.
  HttpResponse as_nobody = request("GET", "/api/v1/namespaces/default/pods", "", token, as_alice);
  EXPECT_EQ(as_nobody.status, 403);
  EXPECT_EQ(json_of(as_nobody)["message"],
            "pods is forbidden: User \"alice\" cannot list resource \"pods\" in API group \"\" in "
            "the namespace \"default\"");
  cluster_.access().allow("alice", {{"list"}, {""}, {"pods"}, {"default"}, {}});
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods", "", token, as_alice).status, 200);
  // Bob himself still may not.
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods", "", token).status, 403);
}

TEST_F(ApiHandlerTest, CreateGetListAndDeletePods) {
  json pod = {{"apiVersion", "v1"},
              {"kind", "Pod"},
              {"metadata", {{"name", "p1"}}},
              {"spec", {{"containers", {{{"name", "c"}, {"image", "nginx:1.27"}}}}}},
              {"status", {{"phase", "Running"}}}};
  HttpResponse created = request("POST", "/api/v1/namespaces/default/pods", pod.dump());
  ASSERT_EQ(created.status, 201);
  json stored = json_of(created);
  EXPECT_EQ(stored["kind"], "Pod");
  EXPECT_EQ(stored["status"]["phase"], "Pending");  // the create strategy resets status
  EXPECT_EQ(stored["spec"]["restartPolicy"], "Always");
  EXPECT_EQ(stored["spec"]["containers"][0]["imagePullPolicy"], "IfNotPresent");
  EXPECT_FALSE(stored["metadata"]["uid"].get<std::string>().empty());
  EXPECT_EQ(stored["metadata"]["creationTimestamp"], "2024-05-01T12:00:00Z");

  HttpResponse again = request("POST", "/api/v1/namespaces/default/pods", pod.dump());
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(json_of(again)["message"], "pods \"p1\" already exists");
  EXPECT_EQ(json_of(request("POST", "/api/v1/namespaces/nowhere/pods", pod.dump()))["message"],
            "namespaces \"nowhere\" not found");

  json list = json_of(request("GET", "/api/v1/namespaces/default/pods"));
  EXPECT_EQ(list["kind"], "PodList");
  ASSERT_EQ(list["items"].size(), 1u);
  EXPECT_FALSE(list["items"][0].contains("kind"));  // list items carry no TypeMeta
  EXPECT_EQ(list["metadata"]["resourceVersion"],
            std::to_string(cluster_.store().resource_version()));

  HttpResponse deleted = request("DELETE", "/api/v1/namespaces/default/pods/p1");
  EXPECT_EQ(deleted.status, 200);
  EXPECT_EQ(json_of(deleted)["metadata"]["name"], "p1");
  HttpResponse missing = request("GET", "/api/v1/namespaces/default/pods/p1");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(json_of(missing)["message"], "pods \"p1\" not found");
  EXPECT_EQ(json_of(missing)["details"], json({{"name", "p1"}, {"kind", "pods"}}));
}

TEST_F(ApiHandlerTest, FieldSelectorsAreCheckedPerResource) {
  create_pod("a", "Failed");
  create_pod("b", "Running");
  json failed = json_of(request("GET", "/api/v1/pods?fieldSelector=status.phase=Failed"));
  ASSERT_EQ(failed["items"].size(), 1u);
  EXPECT_EQ(failed["items"][0]["metadata"]["name"], "a");
  HttpResponse unsupported =
      request("GET", "/api/v1/pods?fieldSelector=status.containerStatuses.restartCount=1");
  EXPECT_EQ(unsupported.status, 400);
  EXPECT_EQ(json_of(unsupported)["message"],
            "field label not supported: status.containerStatuses.restartCount");
  json labelled =
      json_of(request("GET", "/api/v1/namespaces/default/pods?labelSelector=app in (b)"));
  ASSERT_EQ(labelled["items"].size(), 1u);
  EXPECT_EQ(labelled["items"][0]["metadata"]["name"], "b");
}

TEST_F(ApiHandlerTest, PaginatesWithOpaqueContinueTokens) {
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    create_pod(name);
  }
  json first = json_of(request("GET", "/api/v1/namespaces/default/pods?limit=2"));
  ASSERT_EQ(first["items"].size(), 2u);
  EXPECT_EQ(first["metadata"]["remainingItemCount"], 3);
  std::string token = first["metadata"]["continue"];
  create_pod("f");
  json second =
      json_of(request("GET", "/api/v1/namespaces/default/pods?limit=2&continue=" + token));
  EXPECT_EQ(second["items"][0]["metadata"]["name"], "c");
  EXPECT_EQ(second["metadata"]["resourceVersion"], first["metadata"]["resourceVersion"]);

  json all = json_of(request("GET", "/api/v1/namespaces/default/pods?limit=2&resourceVersion=0"));
  EXPECT_EQ(all["items"].size(), 6u);
  EXPECT_FALSE(all["metadata"].contains("continue"));

  cluster_.store().compact();
  HttpResponse expired =
      request("GET", "/api/v1/namespaces/default/pods?limit=2&continue=" + token);
  EXPECT_EQ(expired.status, 410);
  json status = json_of(expired);
  EXPECT_EQ(status["reason"], "Expired");
  EXPECT_EQ(
      status["message"].get<std::string>().rfind(
          "The provided continue parameter is too old to display a consistent list result.", 0),
      0u);
  EXPECT_FALSE(status["metadata"]["continue"].get<std::string>().empty());
}

TEST_F(ApiHandlerTest, TablesCarryPodColumnsAndPartialMetadata) {
  create_pod("web");
  HttpResponse response = request("GET", "/api/v1/namespaces/default/pods?limit=500", "", "",
                                  {{"accept",
                                    "application/json;as=Table;v=v1;g=meta.k8s.io,application/"
                                    "json;as=Table;v=v1beta1;g=meta.k8s.io,application/json"}});
  json table = json_of(response);
  EXPECT_EQ(table["kind"], "Table");
  EXPECT_EQ(table["apiVersion"], "meta.k8s.io/v1");
  EXPECT_EQ(table["columnDefinitions"][2]["name"], "Status");
  ASSERT_EQ(table["rows"].size(), 1u);
  EXPECT_EQ(table["rows"][0]["cells"][0], "web");
  EXPECT_EQ(table["rows"][0]["object"]["kind"], "PartialObjectMetadata");
  EXPECT_EQ(table["rows"][0]["object"]["metadata"]["name"], "web");
  // No printer for nodes: plain JSON, and kubectl falls back to NAME/AGE.
  HttpResponse nodes = request("GET", "/api/v1/nodes", "", "",
                               {{"accept",
                                 "application/json;as=Table;v=v1;g=meta.k8s.io,"
                                 "application/json"}});
  EXPECT_EQ(json_of(nodes)["kind"], "NodeList");
}

TEST_F(ApiHandlerTest, EventsShareOneStoreAcrossBothApis) {
  json event = {{"apiVersion", "events.k8s.io/v1"},
                {"kind", "Event"},
                {"metadata",
                 {{"name", "web.17f0c1d2a3b4c5d6"}, {"labels", {{"kexit.io/diagnosis", "true"}}}}},
                {"eventTime", "2024-05-01T12:00:00.000000Z"},
                {"reportingController", "kexit.io/agent"},
                {"reportingInstance", "kexit-agent-1"},
                {"action", "Diagnosed"},
                {"reason", "ContainerExitExplained"},
                {"regarding", {{"kind", "Pod"}, {"namespace", "default"}, {"name", "web"}}},
                {"note", "exit 137: OOMKilled"},
                {"type", "Warning"}};
  ASSERT_EQ(
      request("POST", "/apis/events.k8s.io/v1/namespaces/default/events", event.dump()).status,
      201);
  json core =
      json_of(request("GET",
                      "/api/v1/namespaces/default/"
                      "events?fieldSelector=involvedObject.kind=Pod,involvedObject.name=web"));
  ASSERT_EQ(core["items"].size(), 1u);
  EXPECT_EQ(core["items"][0]["message"], "exit 137: OOMKilled");
  EXPECT_EQ(core["items"][0]["reportingComponent"], "kexit.io/agent");
  json by_label =
      json_of(request("GET", "/apis/events.k8s.io/v1/events?labelSelector=kexit.io/diagnosis"));
  ASSERT_EQ(by_label["items"].size(), 1u);
  EXPECT_EQ(by_label["items"][0]["note"], "exit 137: OOMKilled");

  json series = {{"series", {{"count", 2}, {"lastObservedTime", "2024-05-01T12:01:00.000000Z"}}}};
  HttpResponse patched =
      request("PATCH", "/apis/events.k8s.io/v1/namespaces/default/events/web.17f0c1d2a3b4c5d6",
              series.dump(), "", {{"content-type", "application/strategic-merge-patch+json"}});
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(json_of(patched)["series"]["count"], 2);
  EXPECT_EQ(
      json_of(request("GET",
                      "/api/v1/namespaces/default/events/web.17f0c1d2a3b4c5d6"))["series"]["count"],
      2);
}

TEST_F(ApiHandlerTest, LeasesUseOptimisticConcurrency) {
  json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                {"kind", "Lease"},
                {"metadata", {{"name", "kexit-agent"}}},
                {"spec", {{"holderIdentity", "a"}, {"leaseDurationSeconds", 15}}}};
  HttpResponse created =
      request("POST", "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases", lease.dump());
  ASSERT_EQ(created.status, 201);
  json current = json_of(created);
  json renewed = current;
  renewed["spec"]["holderIdentity"] = "b";
  std::string url = "/apis/coordination.k8s.io/v1/namespaces/kube-system/leases/kexit-agent";
  ASSERT_EQ(request("PUT", url, renewed.dump()).status, 200);
  HttpResponse stale = request("PUT", url, current.dump());
  EXPECT_EQ(stale.status, 409);
  json status = json_of(stale);
  EXPECT_EQ(status["reason"], "Conflict");
  EXPECT_EQ(status["message"],
            "Operation cannot be fulfilled on leases.coordination.k8s.io \"kexit-agent\": the "
            "object has been modified; please apply your changes to the latest version and try "
            "again");
  EXPECT_EQ(status["details"],
            json({{"name", "kexit-agent"}, {"group", "coordination.k8s.io"}, {"kind", "leases"}}));
}

TEST_F(ApiHandlerTest, StatusSubresourceIsTheOnlyWayToChangeStatus) {
  create_pod("web");
  std::map<std::string, std::string> merge = {{"content-type", "application/merge-patch+json"}};
  json patch = {{"status", {{"phase", "Failed"}}}, {"metadata", {{"labels", {{"x", "y"}}}}}};
  json main =
      json_of(request("PATCH", "/api/v1/namespaces/default/pods/web", patch.dump(), "", merge));
  EXPECT_EQ(main["status"]["phase"], "Running");
  EXPECT_EQ(main["metadata"]["labels"]["x"], "y");
  json status = json_of(
      request("PATCH", "/api/v1/namespaces/default/pods/web/status", patch.dump(), "", merge));
  EXPECT_EQ(status["status"]["phase"], "Failed");
  HttpResponse apply = request("PATCH", "/api/v1/namespaces/default/pods/web", "{}", "",
                               {{"content-type", "application/apply-patch+yaml"}});
  EXPECT_EQ(apply.status, 415);
}

TEST_F(ApiHandlerTest, LogsFollowTheKubeletsRules) {
  auto scenario = parse_scenario(R"(
pods:
  - metadata: {name: crashy}
    spec: {containers: [{name: main, image: busybox}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "first run\n"}}
      - {at: 2s, terminate: {exitCode: 1}}
      - {at: 2s, backoff: {}}
      - {at: 12s, restart: {log: "second run\nline 2\nline 3\n"}}
)",
                                 "inline.yaml");
  ASSERT_TRUE(scenario.ok());
  ScenarioPlayer player(cluster_, std::move(scenario).value(), clock_.now());
  ASSERT_TRUE(player.advance_to(std::chrono::seconds(2)).ok());
  HttpResponse only_previous = request("GET", "/api/v1/namespaces/default/pods/crashy/log");
  EXPECT_EQ(only_previous.content_type, "text/plain");
  EXPECT_EQ(only_previous.body, "first run\n");
  ASSERT_TRUE(player.finish().ok());
  EXPECT_EQ(
      request("GET", "/api/v1/namespaces/default/pods/crashy/log?container=main&previous=true")
          .body,
      "first run\n");
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods/crashy/log?tailLines=1").body,
            "line 3\n");
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods/crashy/log?limitBytes=6").body,
            "second");
  HttpResponse bad = request("GET", "/api/v1/namespaces/default/pods/crashy/log?tailLines=-1");
  EXPECT_EQ(bad.status, 422);

  ASSERT_TRUE(
      cluster_.set_log("default", "crashy", "main", "replaced\n", LogInstance::Previous).ok());
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods/crashy/log?previous=true").body,
            "replaced\n");
  // A log stored after the fact for a dead instance is dated by its finishedAt, by which its
  // lines were written: a line after it is how a client tells a later instance's log.
  json stored = json::parse(request("GET", "/api/v1/namespaces/default/pods/crashy").body);
  auto finished =
      parse_time(stored["status"]["containerStatuses"][0]["lastState"]["terminated"]["finishedAt"]
                     .get<std::string>());
  std::string dated =
      request("GET", "/api/v1/namespaces/default/pods/crashy/log?previous=true&timestamps=true")
          .body;
  ASSERT_TRUE(finished.has_value());
  EXPECT_EQ(parse_time(dated.substr(0, dated.find(' '))), finished) << dated;
}

TEST_F(ApiHandlerTest, StoresALogForAContainerWhoseFinishedAtIsNull) {
  // A crash-looping container of a pod that then fails: the status manager writes it
  // terminated with finishedAt null, and a log stored for it afterwards is dated now.
  auto scenario = parse_scenario(R"(
pods:
  - metadata: {name: lost}
    spec: {containers: [{name: main, image: busybox}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "first run\n"}}
      - {at: 2s, terminate: {exitCode: 1}}
      - {at: 2s, backoff: {}}
      - {at: 3s, fail: {reason: Evicted, message: "The node was low on resource: memory. "}}
)",
                                 "inline.yaml");
  ASSERT_TRUE(scenario.ok());
  ScenarioPlayer player(cluster_, std::move(scenario).value(), clock_.now());
  ASSERT_TRUE(player.finish().ok());
  json stored = json::parse(request("GET", "/api/v1/namespaces/default/pods/lost").body);
  EXPECT_TRUE(
      stored["status"]["containerStatuses"][0]["state"]["terminated"]["finishedAt"].is_null())
      << stored["status"].dump();
  EXPECT_TRUE(cluster_.set_log("default", "lost", "main", "late\n", LogInstance::Current).ok());
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods/lost/log").body, "late\n");
}

TEST_F(ApiHandlerTest, FollowStreamsNewLinesUntilTheContainerStops) {
  auto scenario = parse_scenario(R"(
pods:
  - metadata: {name: tail}
    spec: {containers: [{name: main, image: busybox}]}
    timeline:
      - {at: 0s, create: {}}
      - {at: 1s, start: {log: "one\ntwo\n"}}
      - {at: 2s, log: {text: "three\npart"}}
      - {at: 3s, terminate: {exitCode: 0, log: "ial\n"}}
)",
                                 "inline.yaml");
  ASSERT_TRUE(scenario.ok());
  ScenarioPlayer player(cluster_, std::move(scenario).value(), clock_.now());
  ASSERT_TRUE(player.advance_to(std::chrono::seconds(1)).ok());
  HttpResponse response =
      request("GET", "/api/v1/namespaces/default/pods/tail/log?follow=true&tailLines=1");
  ASSERT_EQ(response.status, 200);
  ASSERT_TRUE(response.stream);
  std::string received;
  auto step = [&] {
    return response.stream->next([&](std::string_view bytes) {
      received += bytes;
      return true;
    });
  };
  EXPECT_EQ(step(), StreamStep::Continue);
  EXPECT_EQ(received, "two\n");
  ASSERT_TRUE(player.advance_to(std::chrono::seconds(2)).ok());
  EXPECT_EQ(step(), StreamStep::Continue);
  EXPECT_EQ(received, "two\nthree\n");  // the partial line waits for its end
  ASSERT_TRUE(player.finish().ok());
  EXPECT_EQ(step(), StreamStep::Done);
  EXPECT_EQ(received, "two\nthree\npartial\n");
}

TEST_F(ApiHandlerTest, InjectedFaultsAnswerLikeTheRealServer) {
  create_pod("web");
  cluster_.faults().add({"list", "pods", "", "", 429, 3, "", {}, 1});
  HttpResponse throttled = request("GET", "/api/v1/namespaces/default/pods");
  EXPECT_EQ(throttled.status, 429);
  EXPECT_EQ(throttled.body, "Too many requests, please try again later.\n");
  EXPECT_EQ(throttled.content_type, "text/plain; charset=utf-8");
  EXPECT_NE(std::find(throttled.headers.begin(), throttled.headers.end(),
                      std::pair<std::string, std::string>("Retry-After", "3")),
            throttled.headers.end());
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods").status, 200);

  cluster_.faults().add({"", "", "", "/api/v1/namespaces/default/pods/web", 503, 0, "", {}, 1});
  HttpResponse unavailable = request("GET", "/api/v1/namespaces/default/pods/web");
  EXPECT_EQ(unavailable.status, 503);
  EXPECT_EQ(json_of(unavailable)["reason"], "ServiceUnavailable");

  std::string token = server_.add_token({"bob", {}});
  cluster_.access().revoke_token(token);
  EXPECT_EQ(request("GET", "/version", "", token).status, 401);
  // What was injected is counted, for tests that check a client saw every fault.
  EXPECT_EQ(cluster_.faults().errors_injected(), 2u);
  EXPECT_EQ(cluster_.faults().delays_injected(), 0u);
  HttpRequest state;
  state.method = "GET";
  state.path = "/kubesim/v1/state";
  EXPECT_EQ(json_of(server_.call(state))["faultErrorsInjected"], 2);
}

TEST_F(ApiHandlerTest, TestEndpointsNeedNoCredentials) {
  HttpRequest call;
  call.method = "POST";
  call.path = "/kubesim/v1/objects";
  call.body =
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
                 "spec":{"replicas":2,"selector":{"matchLabels":{"app":"web"}},
                 "template":{"spec":{"containers":[{"name":"c","image":"i"}]}}}})";
  HttpResponse loaded = server_.call(call);
  EXPECT_EQ(loaded.status, 200) << loaded.body;
  json deployments = json_of(request("GET", "/apis/apps/v1/namespaces/shop/deployments"));
  ASSERT_EQ(deployments["items"].size(), 1u);
  EXPECT_EQ(deployments["items"][0]["spec"]["replicas"], 2);
  call.method = "GET";
  call.path = "/kubesim/v1/state";
  call.body.clear();
  EXPECT_EQ(json_of(server_.call(call))["openWatches"], 0);
}

TEST_F(ApiHandlerTest, DryRunAnswersLikeTheWriteAndKeepsNothing) {
  json config_map = {{"apiVersion", "v1"},
                     {"kind", "ConfigMap"},
                     {"metadata", {{"name", "knowledge"}}},
                     {"data", {{"local.yaml", "rules: []\n"}}}};
  std::string collection = "/api/v1/namespaces/default/configmaps";
  std::uint64_t before = cluster_.store().resource_version();
  HttpResponse dry = request("POST", collection + "?dryRun=All", config_map.dump());
  EXPECT_EQ(dry.status, 201) << dry.body;
  EXPECT_FALSE(json_of(dry)["metadata"]["uid"].get<std::string>().empty());
  // A dry-run create is not versioned, stored or seen by watches.
  EXPECT_FALSE(json_of(dry)["metadata"].contains("resourceVersion"));
  EXPECT_EQ(request("GET", collection + "/knowledge").status, 404);
  EXPECT_EQ(cluster_.store().resource_version(), before);

  ASSERT_EQ(request("POST", collection, config_map.dump()).status, 201);
  std::string version =
      json_of(request("GET", collection + "/knowledge"))["metadata"]["resourceVersion"];
  HttpResponse patched = request("PATCH", collection + "/knowledge?dryRun=All",
                                 R"({"data":{"local.yaml":"rules: [x]\n"}})", "",
                                 {{"content-type", "application/merge-patch+json"}});
  EXPECT_EQ(patched.status, 200) << patched.body;
  EXPECT_EQ(json_of(patched)["data"]["local.yaml"], "rules: [x]\n");
  EXPECT_EQ(json_of(patched)["metadata"]["resourceVersion"], version);
  EXPECT_EQ(json_of(request("GET", collection + "/knowledge"))["data"]["local.yaml"],
            "rules: []\n");
  EXPECT_EQ(request("DELETE", collection + "/knowledge?dryRun=All").status, 200);
  EXPECT_EQ(request("GET", collection + "/knowledge").status, 200);
  // Conflicts are still found.
  EXPECT_EQ(request("POST", collection + "?dryRun=All", config_map.dump()).status, 409);
}

TEST_F(ApiHandlerTest, RefusesDryRunValuesOtherThanAll) {
  HttpResponse response = request("POST", "/api/v1/namespaces/default/configmaps?dryRun=Some",
                                  R"({"metadata":{"name":"x"}})");
  EXPECT_EQ(response.status, 422);
  EXPECT_EQ(json_of(response)["message"],
            "CreateOptions.meta.k8s.io \"\" is invalid: dryRun: Unsupported value: "
            "[]string{\"Some\"}: supported values: \"All\"");
  EXPECT_EQ(json_of(response)["details"]["kind"], "CreateOptions");
}

TEST_F(ApiHandlerTest, ServicesGetAClusterIpAndDefaults) {
  json service = {{"apiVersion", "v1"},
                  {"kind", "Service"},
                  {"metadata", {{"name", "metrics"}}},
                  {"spec", {{"selector", {{"app", "kexit"}}}, {"ports", {{{"port", 8080}}}}}}};
  HttpResponse created = request("POST", "/api/v1/namespaces/default/services", service.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  json spec = json_of(created)["spec"];
  EXPECT_EQ(spec["type"], "ClusterIP");
  EXPECT_EQ(spec["clusterIP"], "10.96.0.10");
  EXPECT_EQ(spec["clusterIPs"], json({"10.96.0.10"}));
  EXPECT_EQ(spec["ports"][0]["protocol"], "TCP");
  EXPECT_EQ(spec["ports"][0]["targetPort"], 8080);
  service["metadata"]["name"] = "second";
  EXPECT_EQ(json_of(request("POST", "/api/v1/namespaces/default/services",
                            service.dump()))["spec"]["clusterIP"],
            "10.96.0.11");
}

TEST_F(ApiHandlerTest, TokenRequestAuthenticatesAsTheServiceAccount) {
  std::string accounts = "/api/v1/namespaces/default/serviceaccounts";
  EXPECT_EQ(request("POST", accounts + "/agent/token", "{}").status, 404);
  ASSERT_EQ(request("POST", accounts, R"({"metadata":{"name":"agent"}})").status, 201);
  HttpResponse issued =
      request("POST", accounts + "/agent/token",
              R"({"apiVersion":"authentication.k8s.io/v1","kind":"TokenRequest"})");
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(json_of(issued)["spec"]["expirationSeconds"], 3600);
  EXPECT_EQ(json_of(issued)["status"]["expirationTimestamp"], "2024-05-01T13:00:00Z");
  std::string token = json_of(issued)["status"]["token"];
  // Authenticated, and allowed nothing until a binding grants it.
  HttpResponse denied = request("GET", "/api/v1/namespaces/default/pods", "", token);
  EXPECT_EQ(denied.status, 403);
  EXPECT_EQ(json_of(denied)["message"],
            "pods is forbidden: User \"system:serviceaccount:default:agent\" cannot list "
            "resource \"pods\" in API group \"\" in the namespace \"default\"");
  json role = {{"apiVersion", "rbac.authorization.k8s.io/v1"},
               {"kind", "Role"},
               {"metadata", {{"name", "pods"}}},
               {"rules", {{{"apiGroups", {""}}, {"resources", {"pods"}}, {"verbs", {"list"}}}}}};
  json binding = {
      {"apiVersion", "rbac.authorization.k8s.io/v1"},
      {"kind", "RoleBinding"},
      {"metadata", {{"name", "pods"}}},
      {"roleRef", {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", "pods"}}},
      {"subjects", {{{"kind", "ServiceAccount"}, {"name", "agent"}}}}};
  std::string rbac = "/apis/rbac.authorization.k8s.io/v1/namespaces/default/";
  ASSERT_EQ(request("POST", rbac + "roles", role.dump()).status, 201);
  ASSERT_EQ(request("POST", rbac + "rolebindings", binding.dump()).status, 201);
  EXPECT_EQ(request("GET", "/api/v1/namespaces/default/pods", "", token).status, 200);
  EXPECT_EQ(request("GET", "/api/v1/namespaces/kube-system/pods", "", token).status, 403);
}

TEST_F(ApiHandlerTest, DecodesProtobufTokenRequestsAndRefusesOtherProtobuf) {
  ASSERT_EQ(request("POST", "/api/v1/namespaces/default/serviceaccounts",
                    R"({"metadata":{"name":"agent"}})")
                .status,
            201);
  // What kubectl 1.32 `create token agent --duration=20m` sends: magic, runtime.Unknown with
  // typeMeta {authentication.k8s.io/v1, TokenRequest} and the TokenRequest in raw, whose spec
  // has expirationSeconds = 1200 (field 4, varint 0xb0 0x09).
  std::string type_meta = std::string("\x0a\x18", 2) + "authentication.k8s.io/v1" +
                          std::string("\x12\x0c", 2) + "TokenRequest";
  std::string spec = std::string("\x20\xb0\x09", 3);
  std::string raw = std::string("\x0a\x00", 2) + "\x12" + static_cast<char>(spec.size()) + spec +
                    std::string("\x1a\x00", 2);
  std::string body = std::string("k8s\0", 4) + "\x0a" + static_cast<char>(type_meta.size()) +
                     type_meta + "\x12" + static_cast<char>(raw.size()) + raw +
                     std::string("\x1a\x00\x22\x00", 4);
  HttpResponse issued =
      request("POST", "/api/v1/namespaces/default/serviceaccounts/agent/token", body, "",
              {{"content-type", "application/vnd.kubernetes.protobuf"}});
  ASSERT_EQ(issued.status, 201) << issued.body;
  EXPECT_EQ(json_of(issued)["spec"]["expirationSeconds"], 1200);
  EXPECT_FALSE(json_of(issued)["status"]["token"].get<std::string>().empty());

  HttpResponse refused =
      request("POST", "/api/v1/namespaces/default/configmaps", std::string("k8s\0\x0a\x00", 6), "",
              {{"content-type", "application/vnd.kubernetes.protobuf"}});
  EXPECT_EQ(refused.status, 415);
  EXPECT_EQ(json_of(refused)["message"],
            "the body of the request was in an unknown format - accepted media types include: "
            "application/json, application/yaml (kubesim decodes only TokenRequest from "
            "protobuf; send JSON for other kinds)");
}

}  // namespace
}  // namespace kexit::kubesim
