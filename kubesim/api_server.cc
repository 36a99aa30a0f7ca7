#include "kubesim/api_server.h"

#include <fcntl.h>
#include <httplib.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <unistd.h>

#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <thread>
#include <vector>

#include "kubesim/kubeconfig_writer.h"
#include "kubesim/peer_socket.h"

namespace kexit::kubesim {
namespace {

std::string random_token() {
  unsigned char bytes[24];
  RAND_bytes(bytes, sizeof bytes);
  static const char kHex[] = "0123456789abcdef";
  std::string token;
  for (unsigned char byte : bytes) {
    token += kHex[byte >> 4];
    token += kHex[byte & 0xf];
  }
  return token;
}

std::optional<User> certificate_user(const SSL* ssl) {
  if (ssl == nullptr) {
    return std::nullopt;
  }
  X509* peer = SSL_get0_peer_certificate(ssl);
  if (peer == nullptr || SSL_get_verify_result(ssl) != X509_V_OK) {
    return std::nullopt;
  }
  User user;
  X509_NAME* subject = X509_get_subject_name(peer);
  for (int i = 0; i < X509_NAME_entry_count(subject); ++i) {
    X509_NAME_ENTRY* entry = X509_NAME_get_entry(subject, i);
    int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
    unsigned char* text = nullptr;
    int length = ASN1_STRING_to_UTF8(&text, X509_NAME_ENTRY_get_data(entry));
    if (length < 0) {
      continue;
    }
    std::string value(reinterpret_cast<char*>(text), static_cast<std::size_t>(length));
    OPENSSL_free(text);
    if (nid == NID_commonName) {
      user.name = value;
    } else if (nid == NID_organizationName) {
      user.groups.push_back(value);
    }
  }
  if (user.name.empty()) {
    return std::nullopt;
  }
  user.groups.push_back("system:authenticated");
  return user;
}

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

// The names and addresses the serving certificate covers: loopback, the in-cluster names,
// and the host kubesim listens on when it is not a wildcard.
void add_serving_host(const std::string& host, std::vector<std::string>& names,
                      std::vector<std::string>& addresses) {
  bool numeric = host.find_first_not_of("0123456789.:") == std::string::npos;
  if (numeric && host != "127.0.0.1" && host != "::1" && host != "0.0.0.0" && host != "::") {
    addresses.push_back(host);
  } else if (!numeric) {
    names.push_back(host);
  }
}

// Called by OpenSSL for each ClientHello: fails the handshake while the tests' handshake
// faults are on. Garbled, the client reads plain text where a TLS record should be.
int on_client_hello(SSL* ssl, int* alert, void* faults) {
  auto fault = static_cast<FaultInjector*>(faults)->take_handshake_fault();
  if (!fault) {
    return SSL_CLIENT_HELLO_SUCCESS;
  }
  if (*fault == HandshakeFault::kGarble) {
    static const char kPlainText[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
    static_cast<void>(::write(SSL_get_fd(ssl), kPlainText, sizeof kPlainText - 1));
  }
  *alert = SSL_AD_HANDSHAKE_FAILURE;
  return SSL_CLIENT_HELLO_ERROR;
}

bool configure_tls(SSL_CTX& ctx, const IssuedCertificate& serving, X509* ca_certificate,
                   FaultInjector& faults) {
  SSL_CTX_set_min_proto_version(&ctx, TLS1_2_VERSION);
  SSL_CTX_set_client_hello_cb(&ctx, on_client_hello, &faults);
  if (SSL_CTX_use_certificate(&ctx, serving.certificate.get()) != 1 ||
      SSL_CTX_use_PrivateKey(&ctx, serving.key.get()) != 1) {
    return false;
  }
  // Ask for a client certificate but do not require one: bearer tokens work too.
  X509_STORE_add_cert(SSL_CTX_get_cert_store(&ctx), ca_certificate);
  STACK_OF(X509_NAME)* client_cas = sk_X509_NAME_new_null();
  sk_X509_NAME_push(client_cas, X509_NAME_dup(X509_get_subject_name(ca_certificate)));
  SSL_CTX_set_client_CA_list(&ctx, client_cas);
  SSL_CTX_set_verify(&ctx, SSL_VERIFY_PEER, nullptr);
  static const unsigned char kContext[] = "kubesim";
  SSL_CTX_set_session_id_context(&ctx, kContext, sizeof kContext - 1);
  return true;
}

void answer_errors_as_status(httplib::Server& server) {
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string what = "unexpected error";
        try {
          if (error) {
            std::rethrow_exception(error);
          }
        } catch (const std::exception& exception) {
          what = exception.what();
        } catch (...) {
        }
        response.status = 500;
        response.set_content(internal_error(what).to_status().dump(), "application/json");
      });
}

void configure_server(httplib::Server& server, const ServerOptions& options) {
  std::size_t threads = std::max<std::size_t>(options.threads, 4);
  server.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  server.set_keep_alive_max_count(1000);
  server.set_keep_alive_timeout(options.keep_alive_seconds);
  server.set_read_timeout(30);
  server.set_write_timeout(30);
  server.set_tcp_nodelay(true);
  server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response&) {
    // cpp-httplib gzips text and JSON bodies when asked, with Z_NO_FLUSH per chunk: watch
    // events would sit in the compressor. kubesim never compresses; it is on loopback.
    const_cast<httplib::Request&>(request).headers.erase("Accept-Encoding");
    return httplib::Server::HandlerResponse::Unhandled;
  });
  answer_errors_as_status(server);
}

HttpRequest to_request(const httplib::Request& raw) {
  HttpRequest request;
  request.method = raw.method;
  request.path = raw.path;
  for (const auto& [key, value] : raw.params) {
    request.query.emplace(key, value);
  }
  for (const auto& [key, value] : raw.headers) {
    request.headers[lower(key)] = value;
    if (raw.get_header_value_count(key) > 1) {
      request.repeated_headers.emplace(lower(key), value);
    }
  }
  request.body = raw.body;
  request.certificate_user = certificate_user(raw.ssl);
  return request;
}

// Whether the client is still connected: its socket is found on first use (only watches
// ask), then polled.
std::function<bool()> peer_alive_check(const httplib::Request& raw) {
  struct Peer {
    const SSL* ssl;
    std::string address;
    int port;
    int local_port;
    int socket = -2;
  };
  auto peer =
      std::make_shared<Peer>(Peer{raw.ssl, raw.remote_addr, raw.remote_port, raw.local_port});
  return [peer]() {
    if (peer->socket == -2) {
      peer->socket = peer->ssl != nullptr
                         ? SSL_get_fd(peer->ssl)
                         : find_peer_socket(peer->address, peer->port, peer->local_port);
    }
    return peer_connected(peer->socket);
  };
}

void send_answer(HttpResponse answer, httplib::Response& response) {
  response.status = answer.status;
  for (const auto& [key, value] : answer.headers) {
    response.set_header(key, value);
  }
  if (!answer.stream) {
    response.set_content(answer.body, answer.content_type);
    return;
  }
  std::shared_ptr<ResponseStream> stream = answer.stream;
  response.set_chunked_content_provider(
      answer.content_type, [stream](std::size_t, httplib::DataSink& sink) {
        StreamStep step = stream->next(
            [&sink](std::string_view bytes) { return sink.write(bytes.data(), bytes.size()); });
        if (step == StreamStep::Done) {
          sink.done();
          return true;
        }
        return step == StreamStep::Continue;
      });
}

// KUBESIM_LOG_REQUESTS=1 turns the request log on without touching the test using kubesim;
// KUBESIM_LOG_REQUESTS=body adds request and error bodies (first 400 bytes).
void install_request_log(httplib::Server& server, const ServerOptions& options) {
  const char* environment = std::getenv("KUBESIM_LOG_REQUESTS");
  const std::string setting = environment != nullptr ? environment : "";
  if (!options.log_requests && (setting.empty() || setting == "0")) {
    return;
  }
  bool bodies = setting == "body";
  server.set_logger([bodies](const httplib::Request& request, const httplib::Response& response) {
    std::string query;
    for (const auto& [key, value] : request.params) {
      query += (query.empty() ? "?" : "&") + key + "=" + value;
    }
    std::fprintf(stderr, "kubesim: %s %s%s -> %d (%s)\n", request.method.c_str(),
                 request.path.c_str(), query.c_str(), response.status,
                 request.get_header_value("User-Agent").c_str());
    if (bodies && !request.body.empty()) {
      std::fprintf(stderr, "kubesim:   request: %.400s\n", request.body.c_str());
    }
    if (bodies && response.status >= 400) {
      std::fprintf(stderr, "kubesim:   response: %.400s\n", response.body.c_str());
    }
  });
}

// The port bound: the one asked for, or a free one for port 0.
Expected<int> bind_server(httplib::Server& server, const ServerOptions& options) {
  if (options.port == 0) {
    int port = server.bind_to_any_port(options.host);
    if (port <= 0) {
      return Error{"cannot listen on " + options.host + "; is the address local?"};
    }
    return port;
  }
  if (!server.bind_to_port(options.host, options.port)) {
    return Error{"cannot listen on " + options.host + ":" + std::to_string(options.port) +
                 "; is the port in use?"};
  }
  return options.port;
}

}  // namespace

struct ApiServer::Transport {
  std::unique_ptr<httplib::Server> server;
  IssuedCertificate serving;
  std::thread thread;
};

ApiServer::ApiServer(Cluster& cluster, ServerOptions options)
    : cluster_(cluster),
      options_(std::move(options)),
      handler_(cluster, watches_, options_.handler),
      test_endpoints_(cluster, watches_) {
  if (options_.test_endpoints) {
    handler_.set_test_endpoint_handler([this](const HttpRequest& request, const std::string& path) {
      return test_endpoints_.handle(request, path);
    });
  }
  admin_token_ = random_token();
  cluster_.access().add_token(admin_token_,
                              {kAdminUser, {AccessPolicy::kAdminGroup, "system:authenticated"}});
}

ApiServer::~ApiServer() { stop(); }

std::string ApiServer::add_token(const User& user) {
  std::string token = random_token();
  cluster_.access().add_token(token, user);
  return token;
}

std::string ApiServer::url() const {
  std::string host =
      options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
  return std::string(options_.tls ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

const std::string& ApiServer::ca_pem() const {
  static const std::string kNone;
  return ca_ ? ca_->certificate_pem() : kNone;
}

std::string ApiServer::kubeconfig(const std::string& token,
                                  const std::string& namespace_name) const {
  KubeconfigCredentials credentials;
  credentials.token = token;
  return make_kubeconfig(url(), ca_pem(), credentials, namespace_name);
}

Expected<std::string> ApiServer::client_certificate_kubeconfig(
    const User& user, const std::string& namespace_name) const {
  if (!ca_) {
    return Error{"client certificates need TLS; start kubesim without plain HTTP"};
  }
  KEXIT_ASSIGN(issued, ca_->issue_client(user.name, user.groups));
  KubeconfigCredentials credentials;
  credentials.client_certificate_pem = issued.certificate_pem;
  credentials.client_key_pem = issued.key_pem;
  return make_kubeconfig(url(), ca_pem(), credentials, namespace_name);
}

Status ApiServer::start() {
  if (transport_) {
    return Error{"kubesim is already serving"};
  }
  auto transport = std::make_unique<Transport>();
  if (options_.tls) {
    Status tls = start_tls(*transport);
    if (!tls) {
      return tls;
    }
  } else {
    transport->server = std::make_unique<httplib::Server>();
  }
  httplib::Server& server = *transport->server;
  if (!server.is_valid()) {
    return Error{"cannot set up the HTTPS server (OpenSSL context)"};
  }
  configure_server(server, options_);
  install_request_log(server, options_);
  httplib::Server::Handler handler = [this](const httplib::Request& raw,
                                            httplib::Response& response) {
    send_answer(handler_.handle(to_request(raw), peer_alive_check(raw)), response);
  };
  server.Get(".*", handler);
  server.Post(".*", handler);
  server.Put(".*", handler);
  server.Patch(".*", handler);
  server.Delete(".*", handler);

  KEXIT_ASSIGN(port, bind_server(server, options_));
  port_ = port;
  handler_.set_server_address(options_.host + ":" + std::to_string(port_));
  transport->thread = std::thread([&server] { server.listen_after_bind(); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!server.is_running() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  transport_ = std::move(transport);
  return ok_status();
}

// A CA made now, and a serving certificate from it for every name a client may use.
Status ApiServer::start_tls(Transport& transport) {
  KEXIT_ASSIGN(ca, CertificateAuthority::create());
  ca_ = std::make_unique<CertificateAuthority>(std::move(ca));
  std::vector<std::string> addresses = {"127.0.0.1", "::1"};
  std::vector<std::string> names = {"localhost", "kubernetes", "kubernetes.default",
                                    "kubernetes.default.svc"};
  add_serving_host(options_.host, names, addresses);
  KEXIT_ASSIGN(serving, ca_->issue_server(names, addresses));
  transport.serving = std::move(serving);
  const IssuedCertificate* issued = &transport.serving;
  X509* ca_certificate = ca_->certificate();
  FaultInjector* faults = &cluster_.faults();
  transport.server =
      std::make_unique<httplib::SSLServer>([issued, ca_certificate, faults](SSL_CTX& ctx) {
        return configure_tls(ctx, *issued, ca_certificate, *faults);
      });
  return ok_status();
}

void ApiServer::stop() {
  if (!transport_) {
    return;
  }
  watches_.stop();
  cluster_.store().wake_watchers();
  transport_->server->stop();
  if (transport_->thread.joinable()) {
    transport_->thread.join();
  }
  transport_.reset();
}

Status write_private_file(const std::string& path, const std::string& text) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    return Error{"cannot write " + path + "; check the directory exists and is writable", path};
  }
  std::size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n <= 0) {
      ::close(fd);
      return Error{"cannot write " + path + "; is the disk full?", path};
    }
    written += static_cast<std::size_t>(n);
  }
  ::close(fd);
  return ok_status();
}

}  // namespace kexit::kubesim
