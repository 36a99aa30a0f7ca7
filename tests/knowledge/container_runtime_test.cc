#include "knowledge/container_runtime.h"

#include <gtest/gtest.h>

#include "knowledge/builtin_knowledge.h"

namespace kexit::knowledge {
namespace {

KnowledgeSet runtimes() {
  KnowledgeSet set;
  set.runtimes = {{"spark", "(^|/)spark:", "", {"r"}, "k.yaml:1"},
                  {"jvm", "(^|/)openjdk:", "(^|[\\s/])java(\\s|$)", {"r"}, "k.yaml:2"},
                  {"python", "(?i)(^|/)python:", "", {"r"}, "k.yaml:3"}};
  return set;
}

TEST(ContainerRuntime, TellsTheRuntimeByImageOrCommand) {
  EXPECT_EQ(container_runtime(runtimes(), "docker.io/library/openjdk:17", ""), "jvm");
  EXPECT_EQ(container_runtime(runtimes(), "registry.example/app:1", "/usr/bin/java -jar app.jar"),
            "jvm");
  EXPECT_EQ(container_runtime(runtimes(), "Python:3.12", "gunicorn app"), "python");
}

TEST(ContainerRuntime, NamesNoneWhenNothingFits) {
  EXPECT_EQ(container_runtime(runtimes(), "registry.example/app:1", "javac Main.java"), "");
  EXPECT_EQ(container_runtime(runtimes(), "", ""), "");
  EXPECT_EQ(container_runtime(KnowledgeSet{}, "openjdk:17", "java"), "");
}

// An image of a runtime built on another (Spark on the JVM) names the one listed first.
TEST(ContainerRuntime, TheFirstRuntimeThatFitsWins) {
  EXPECT_EQ(container_runtime(runtimes(), "apache/spark:3.5", "java -cp x"), "spark");
}

// The shipped list tells the runtimes the shipped base rates name.
TEST(ContainerRuntime, TheShippedRuntimesTellCommonImages) {
  std::vector<Error> errors;
  auto knowledge = load_compiled_knowledge({}, errors);
  ASSERT_TRUE(knowledge.ok()) << knowledge.error().to_string();
  const KnowledgeSet& set = (*knowledge)->set();
  EXPECT_EQ(container_runtime(set, "eclipse-temurin:21-jre", ""), "jvm");
  EXPECT_EQ(container_runtime(set, "amazoncorretto:17", ""), "jvm");
  EXPECT_EQ(container_runtime(set, "python:3.12-slim", ""), "python");
  EXPECT_EQ(container_runtime(set, "node:20-alpine", ""), "node");
  EXPECT_EQ(container_runtime(set, "registry.example/api:1", "node server.js"), "node");
  EXPECT_EQ(container_runtime(set, "nginx:1.27", "nginx -g daemon off;"), "");
}

}  // namespace
}  // namespace kexit::knowledge
