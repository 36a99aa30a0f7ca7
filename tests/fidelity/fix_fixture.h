#pragma once
// FixesAgainstKubesim: the fixture of the fix tests. The real kubectl of the test parameter
// against kubesim with a namespace "shop"; `kexit inspect -o json` of one pod, from the cluster
// or a file; a printed command pasted into bash as a person pastes it; and a field read back
// with `kubectl get -o jsonpath`.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "base/structured_text.h"
#include "kubectl_fixture.h"
#include "testing/process_runner.h"

namespace kexit::fidelity {

class FixesAgainstKubesim : public KubectlAgainstKubesim {
 protected:
  void SetUp() override {
    KubectlAgainstKubesim::SetUp();
    if (IsSkipped() || HasFatalFailure()) {
      return;
    }
    cluster_.ensure_namespace("shop");
  }

  // The report of the first container of pod `pod_name` in "shop", from the cluster or, given
  // `file`, from that file.
  nlohmann::json inspect_container(const std::string& pod_name, const std::string& file = "") {
    std::vector<std::string> argv = {std::string(KEXIT_BINARY_DIR) + "/kexit", "inspect"};
    if (file.empty()) {
      argv.insert(argv.end(), {"pod/" + pod_name, "-n", "shop", "--kubeconfig", kubeconfig_});
    } else {
      argv.insert(argv.end(), {"--file", file});
    }
    argv.insert(argv.end(), {"-o", "json"});
    Process process(argv, environment());
    ProcessResult result = process.finish(std::chrono::seconds(90));
    auto report = parse_json(result.out, "report");
    if (!report.ok()) {
      ADD_FAILURE() << result.out << result.err;
      return nlohmann::json::object();
    }
    return (*report)["containers"][0];
  }

  nlohmann::json inspect_fixes(const std::string& pod_name, const std::string& file = "") {
    nlohmann::json fixes = inspect_container(pod_name, file)["fixes"];
    return fixes.is_null() ? nlohmann::json::array() : fixes;
  }

  // A printed command as a person pastes it: bash reads its quoting, and `kubectl` is this
  // test's kubectl with the test's kubeconfig.
  ProcessResult paste(const std::string& command) {
    EXPECT_EQ(command.rfind("kubectl ", 0), 0u) << command;
    std::string shell =
        "kubectl() { \"$KUBECTL\" --kubeconfig \"$KUBECONFIG_FILE\" --cache-dir "
        "\"$HOME/cache\" \"$@\"; }\n" +
        command;
    std::map<std::string, std::string> env = environment();
    env["KUBECTL"] = GetParam();
    env["KUBECONFIG_FILE"] = kubeconfig_;
    Process process({"/bin/bash", "-c", shell}, env);
    return process.finish(std::chrono::seconds(90));
  }

  // A field of an object in "shop", by a jsonpath expression ".spec.x").
  std::string read(const std::string& object, const std::string& path) {
    ProcessResult result = kubectl({"get", object, "-n", "shop", "-o", "jsonpath={" + path + "}"});
    EXPECT_EQ(result.exit_code, 0) << result.err;
    return result.out;
  }
};

}  // namespace kexit::fidelity
