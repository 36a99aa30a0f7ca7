#include "kubesim/protobuf_body.h"

#include <cstdint>
#include <functional>
#include <string>

namespace kexit::kubesim {
namespace {

using nlohmann::json;

// One protocol buffer field: its number, and either a varint or length-delimited bytes.
struct Field {
  int number = 0;
  std::uint64_t varint = 0;
  std::string_view bytes;
};

bool read_varint(std::string_view& data, std::uint64_t& value) {
  value = 0;
  for (int shift = 0; shift < 64 && !data.empty(); shift += 7) {
    auto byte = static_cast<unsigned char>(data.front());
    data.remove_prefix(1);
    value |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

// Calls `visit` for each field of a message; false on malformed input. Fixed-width fields are
// skipped: none of the fields read here uses them.
bool for_each_field(std::string_view data, const std::function<void(const Field&)>& visit) {
  while (!data.empty()) {
    std::uint64_t key = 0;
    if (!read_varint(data, key)) {
      return false;
    }
    Field field;
    field.number = static_cast<int>(key >> 3);
    switch (key & 7) {
      case 0:
        if (!read_varint(data, field.varint)) {
          return false;
        }
        break;
      case 1:
        if (data.size() < 8) {
          return false;
        }
        data.remove_prefix(8);
        continue;
      case 2: {
        std::uint64_t size = 0;
        if (!read_varint(data, size) || size > data.size()) {
          return false;
        }
        field.bytes = data.substr(0, size);
        data.remove_prefix(size);
        break;
      }
      case 5:
        if (data.size() < 4) {
          return false;
        }
        data.remove_prefix(4);
        continue;
      default:
        return false;
    }
    visit(field);
  }
  return true;
}

}  // namespace

Expected<json> decode_token_request(std::string_view body) {
  // k8s.io/apimachinery/pkg/runtime/serializer/protobuf: magic, then runtime.Unknown
  // {typeMeta=1 {apiVersion=1, kind=2}, raw=2, contentEncoding=3, contentType=4}.
  constexpr std::string_view kMagic("k8s\0", 4);
  if (body.substr(0, kMagic.size()) != kMagic) {
    return Error{"the protobuf body does not start with the \"k8s\\x00\" prefix"};
  }
  body.remove_prefix(kMagic.size());
  json object = json::object();
  std::string_view raw;
  bool well_formed = for_each_field(body, [&](const Field& field) {
    if (field.number == 1) {
      for_each_field(field.bytes, [&](const Field& type) {
        object[type.number == 1 ? "apiVersion" : "kind"] = std::string(type.bytes);
      });
    } else if (field.number == 2) {
      raw = field.bytes;
    }
  });
  if (!well_formed || object.value("kind", "") != "TokenRequest") {
    return Error{"kubesim decodes only TokenRequest from protobuf; send JSON for other kinds"};
  }
  // k8s.io/api/authentication/v1 TokenRequest{metadata=1, spec=2 {audiences=1,
  // boundObjectRef=3, expirationSeconds=4}, status=3}.
  json spec = json::object();
  well_formed = for_each_field(raw, [&](const Field& field) {
    if (field.number != 2) {
      return;
    }
    for_each_field(field.bytes, [&](const Field& item) {
      if (item.number == 1) {
        spec["audiences"].push_back(std::string(item.bytes));
      } else if (item.number == 4) {
        spec["expirationSeconds"] = static_cast<long long>(item.varint);
      }
    });
  });
  if (!well_formed) {
    return Error{"the protobuf TokenRequest is malformed"};
  }
  object["spec"] = spec;
  return object;
}

}  // namespace kexit::kubesim
