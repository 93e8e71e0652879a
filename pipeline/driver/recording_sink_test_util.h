// For the driver's tests: a Sink that keeps what the batch wrote in memory.
#ifndef SOHOA_PIPELINE_DRIVER_RECORDING_SINK_TEST_UTIL_H_
#define SOHOA_PIPELINE_DRIVER_RECORDING_SINK_TEST_UTIL_H_

#include <set>
#include <string>
#include <vector>

#include "pipeline/sink/sink.h"

namespace sohoa::testing_sinks {

// Documents and failures in the order the batch wrote them. HasDocument is
// true for the ids a test puts in `done`.
class RecordingSink : public Sink {
 public:
  Status BeginRun(const RunInfo&) override { return Status::Ok(); }
  Status WriteDocument(const Document& d) override {
    documents.push_back(d);
    return Status::Ok();
  }
  Status WriteFailure(const Failure& f) override {
    failures.push_back(f);
    return Status::Ok();
  }
  Status EndRun(const RunSummary&) override { return Status::Ok(); }
  bool HasDocument(const std::string& id, const std::string&) override {
    return done.count(id) > 0;
  }
  std::string Location() const override { return "memory"; }

  std::vector<Document> documents;
  std::vector<Failure> failures;
  std::set<std::string> done;
};

}  // namespace sohoa::testing_sinks

#endif  // SOHOA_PIPELINE_DRIVER_RECORDING_SINK_TEST_UTIL_H_
