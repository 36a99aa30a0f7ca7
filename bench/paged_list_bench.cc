// The anchor of the agent's time to ready: a bare paged list of every pod, through kexit's own
// HTTP transport (same TLS, same keep-alive connection), the same page size as the agent's
// (500), and nothing else: no JSON is parsed, the continue token is found by a string search
// at the end of each page, where the API server (and kubesim) writes the list's metadata.
//   paged_list_bench KUBECONFIG [PAGE_SIZE]
// Prints "bare paged list: N pages, M MiB, T ms" for bench/agent_memory.sh.

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kube/client_config.h"
#include "kube/http_transport.h"
#include "kube/kubeconfig.h"
#include "kube/query_string.h"

namespace {

using namespace kexit;

// The value of the last "continue":"..." in the page: ListMeta comes after the items, and a
// token is base64, so it holds no quote or escape.
std::string continue_token(std::string_view page) {
  constexpr std::string_view kKey = "\"continue\":\"";
  const std::size_t key = page.rfind(kKey);
  if (key == std::string_view::npos) {
    return "";
  }
  const std::size_t start = key + kKey.size();
  const std::size_t end = page.find('"', start);
  return std::string(page.substr(start, end == std::string_view::npos ? 0 : end - start));
}

Expected<kube::ClientConfig> config_from(const std::string& path) {
  KEXIT_ASSIGN(kubeconfig, kube::load_kubeconfig_files({path}, kube::MissingFile::kError));
  return kube::client_config_from_kubeconfig(kubeconfig, "", "");
}

struct ListResult {
  int pages = 0;
  std::size_t bytes = 0;
};

Expected<ListResult> list_all_pods(kube::HttpTransport& transport, int page_size) {
  ListResult result;
  std::string token;
  do {
    kube::HttpRequest request;
    request.target = "/api/v1/pods?limit=" + std::to_string(page_size) +
                     (token.empty() ? "" : "&continue=" + kube::percent_encode(token));
    KEXIT_ASSIGN(response, transport.send(request));
    if (response.status != 200) {
      return Error{"HTTP " + std::to_string(response.status) + ": " + response.body};
    }
    ++result.pages;
    result.bytes += response.body.size();
    token = continue_token(response.body);
  } while (!token.empty());
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: paged_list_bench KUBECONFIG [PAGE_SIZE]\n");
    return 2;
  }
  const int page_size = argc > 2 ? std::atoi(argv[2]) : 500;
  auto config = config_from(argv[1]);
  if (!config) {
    std::fprintf(stderr, "%s\n", config.error().to_string().c_str());
    return 1;
  }
  kube::HttpTransport transport(std::move(*config));
  const auto start = std::chrono::steady_clock::now();
  auto listed = list_all_pods(transport, page_size);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  if (!listed) {
    std::fprintf(stderr, "%s\n", listed.error().to_string().c_str());
    return 1;
  }
  std::printf("bare paged list: %d pages, %.1f MiB, %lld ms\n", listed->pages,
              static_cast<double>(listed->bytes) / (1024.0 * 1024.0),
              static_cast<long long>(
                  std::chrono::duration_cast<std::chrono::milliseconds>(elapsed).count()));
  return 0;
}
