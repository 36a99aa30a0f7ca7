#include "base/json_list_stream.h"

#include "base/structured_text.h"

namespace kexit {
namespace {

using nlohmann::json;

// A SAX handler that builds the document with one JsonDomBuilder, except the items of the
// top-level "items" array, each built with its own builder and handed over when complete.
class ListStreamer {
 public:
  explicit ListStreamer(const JsonItemHandler& on_item) : on_item_(on_item) {}

  bool null() { return scalar(json(nullptr)); }
  bool boolean(bool value) { return scalar(json(value)); }
  bool number_integer(json::number_integer_t value) { return scalar(json(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return scalar(json(value)); }
  bool number_float(json::number_float_t value, const json::string_t&) {
    return scalar(json(value));
  }
  bool string(json::string_t& value) { return scalar(json(std::move(value))); }
  bool binary(json::binary_t& value) { return scalar(json::binary(std::move(value))); }
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool end_object() { return close(true); }
  bool end_array() { return close(false); }
  bool key(json::string_t& name) {
    if (depth_ == 1) {
      top_key_ = name;
    }
    return target().key(name);
  }
  bool parse_error(std::size_t position, const std::string& token, const json::exception& error) {
    target().parse_error(position, token, error);
    stop_ = target().stop();
    return false;
  }

  StreamedJson finish() { return StreamedJson{root_.take(), streamed_, count_}; }
  const std::optional<JsonDomBuilder::Stop>& stop() const { return stop_; }
  const std::optional<Error>& handler_error() const { return handler_error_; }

 private:
  // Items sit two levels down: in the root object, in its "items" array.
  static constexpr int kItemDepth = 2;

  JsonDomBuilder& target() { return item_ ? *item_ : root_; }
  bool at_item_start() const { return in_items_ && depth_ == kItemDepth && !item_; }

  bool scalar(json value) {
    if (at_item_start()) {
      return hand_over(std::move(value));
    }
    JsonDomBuilder& builder = target();
    if (value.is_string()) {
      return builder.string(value.get_ref<json::string_t&>());
    }
    if (value.is_binary()) {
      return builder.binary(value.get_binary());
    }
    return value.is_null()      ? builder.null()
           : value.is_boolean() ? builder.boolean(value.get<bool>())
           : value.is_number_unsigned()
               ? builder.number_unsigned(value.get<json::number_unsigned_t>())
           : value.is_number_integer() ? builder.number_integer(value.get<json::number_integer_t>())
                                       : builder.number_float(value.get<double>(), "");
  }

  bool open(bool is_object) {
    if (depth_ == 1 && !is_object && top_key_ == "items") {
      in_items_ = true;
      streamed_ = true;
    } else if (at_item_start()) {
      item_.emplace(kItemDepth);
    }
    JsonDomBuilder& builder = target();
    if (!(is_object ? builder.start_object(0) : builder.start_array(0))) {
      stop_ = builder.stop();
      return false;
    }
    ++depth_;
    return true;
  }

  bool close(bool is_object) {
    --depth_;
    JsonDomBuilder& builder = target();
    if (is_object) {
      builder.end_object();
    } else {
      builder.end_array();
    }
    if (item_ && depth_ == kItemDepth) {
      json item = item_->take();
      item_.reset();
      return hand_over(std::move(item));
    }
    if (in_items_ && depth_ == 1) {
      in_items_ = false;
    }
    return true;
  }

  bool hand_over(json item) {
    Status handled = on_item_(std::move(item), count_++);
    if (!handled) {
      handler_error_ = handled.error();
      return false;
    }
    return true;
  }

  const JsonItemHandler& on_item_;
  JsonDomBuilder root_;
  std::optional<JsonDomBuilder> item_;
  int depth_ = 0;
  std::string top_key_;
  bool in_items_ = false;
  bool streamed_ = false;
  std::size_t count_ = 0;
  std::optional<JsonDomBuilder::Stop> stop_;
  std::optional<Error> handler_error_;
};

Expected<StreamedJson> finish(ListStreamer& streamer, bool parsed, const std::string& source,
                              const std::function<Expected<std::string>()>& reread) {
  if (parsed) {
    return streamer.finish();
  }
  if (streamer.handler_error()) {
    return *streamer.handler_error();
  }
  KEXIT_ASSIGN(text, reread());
  return json_stop_error(*streamer.stop(), text, source);
}

}  // namespace

Expected<StreamedJson> stream_json_list(std::istream& in, const std::string& source,
                                        const JsonItemHandler& on_item,
                                        const std::function<Expected<std::string>()>& reread) {
  ListStreamer streamer(on_item);
  // strict = true: text after the document is an error, as with parse_json.
  bool parsed = json::sax_parse(in, &streamer);
  return finish(streamer, parsed, source, reread);
}

Expected<StreamedJson> stream_json_list(std::string_view text, const std::string& source,
                                        const JsonItemHandler& on_item) {
  ListStreamer streamer(on_item);
  bool parsed = json::sax_parse(text.begin(), text.end(), &streamer);
  return finish(streamer, parsed, source,
                [&]() -> Expected<std::string> { return std::string(text); });
}

}  // namespace kexit
