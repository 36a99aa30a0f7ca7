#include "kubesim/table_response.h"

#include "kubesim/table_printer.h"

namespace kexit::kubesim {

nlohmann::json make_table(const Cluster& cluster, const ResourceType& type,
                          const std::vector<ObjectPtr>& objects, const TableFormat& format,
                          nlohmann::json list_metadata) {
  using nlohmann::json;
  TimePoint now = cluster.clock().now();
  json rows = json::array();
  for (const auto& object : objects) {
    json view = cluster.render_json(type, *object);
    // Printers read the stored (core/v1) form; for every other kind it is the view.
    json stored = type.storage == "events" ? json::parse(object->json) : view;
    json row = table_row(type.storage, stored, now);
    if (format.include_object == "Object") {
      row["object"] = view;
    } else if (format.include_object != "None") {
      row["object"] = {{"kind", "PartialObjectMetadata"},
                       {"apiVersion", "meta.k8s.io/" + format.version},
                       {"metadata", view["metadata"]}};
    }
    rows.push_back(std::move(row));
  }
  return {{"kind", "Table"},
          {"apiVersion", "meta.k8s.io/" + format.version},
          {"metadata", std::move(list_metadata)},
          {"columnDefinitions", table_column_definitions(type.storage)},
          {"rows", std::move(rows)}};
}

}  // namespace kexit::kubesim
