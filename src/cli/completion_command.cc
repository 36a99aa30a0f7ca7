#include "cli/completion_command.h"

#include <algorithm>
#include <chrono>
#include <iostream>

#include "base/text.h"
#include "cli/completion_engine.h"
#include "cli/completion_script.h"
#include "cli/exit_status.h"
#include "knowledge/builtin_knowledge.h"
#include "kube/api_client.h"
#include "kube/config_loader.h"
#include "report/explain_report.h"

namespace kexit::cli {
namespace {

// A Tab should answer at once: a cluster that does not answer in this long gets no say.
constexpr std::chrono::seconds kClusterTimeout{2};

// The pods of the scope, sorted; none when the cluster cannot be asked. As kubectl's
// __complete, it uses the kubeconfig the command line (or the environment) names.
std::vector<std::string> cluster_pod_names(const CompletionScope& scope) {
  auto overrides = client_overrides(scope);
  if (!overrides) {
    return {};
  }
  auto config =
      kube::load_client_config({scope.kubeconfig, scope.context, scope.namespace_name, *overrides},
                               kube::ConfigEnvironment::from_process());
  if (!config) {
    return {};
  }
  kube::TransportOptions options;
  options.retry.max_attempts = 1;
  options.connect_timeout = kClusterTimeout;
  options.read_timeout = kClusterTimeout;
  options.write_timeout = kClusterTimeout;
  options.warn = [](const std::string&) {};
  kube::ApiClient client(std::move(config).value(), options);
  auto pods = client.list_pods(scope.all_namespaces ? "" : client.namespace_name());
  std::vector<std::string> names;
  if (!pods) {
    return names;
  }
  for (const auto& pod : pods->items) {
    auto name = pod.find("metadata");
    if (name != pod.end() && name->is_object() && name->contains("name") &&
        (*name)["name"].is_string()) {
      names.push_back((*name)["name"].get<std::string>());
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

CompletionSources process_sources() {
  CompletionSources sources;
  sources.causes = [] {
    std::vector<Error> errors;
    auto knowledge = knowledge::load_compiled_knowledge({}, errors);
    return knowledge ? (*knowledge)->set().cause_slugs() : std::vector<std::string>{};
  };
  sources.runtimes = [] {
    std::vector<Error> errors;
    auto knowledge = knowledge::load_compiled_knowledge({}, errors);
    return knowledge ? report::known_runtimes((*knowledge)->set()) : std::vector<std::string>{};
  };
  sources.pods = cluster_pod_names;
  return sources;
}

}  // namespace

void add_completion_command(CLI::App& app, int& exit_status) {
  auto shell = std::make_shared<std::string>();
  CLI::App* command = app.add_subcommand(
      "completion", "Print a completion script: source <(kexit completion bash)");
  command->add_option("shell", *shell, "bash, zsh or fish")->required();
  command->callback([shell, &exit_status] {
    auto script = completion_script(*shell);
    if (!script) {
      std::cerr << "kexit: " << script.error().to_string() << "\n";
      exit_status = to_int(ExitStatus::kUsage);
      return;
    }
    std::cout << *script;
    exit_status = to_int(ExitStatus::kOk);
  });
}

bool is_completion_request(int argc, char** argv) {
  return argc >= 2 && std::string_view(argv[1]) == "__complete";
}

int answer_completion_request(CLI::App& app, const std::vector<std::string>& words) {
  std::cout << format_completions(complete_words(app, words, process_sources()));
  return to_int(ExitStatus::kOk);
}

}  // namespace kexit::cli
