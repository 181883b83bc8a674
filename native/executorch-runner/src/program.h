// One ExecuTorch program loaded through the Module API, verified, with one method ready to execute.
#pragma once

#include <executorch/extension/module/module.h>
#include <executorch/extension/tensor/tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "protocol.h"

namespace lathe {

class LoadedProgram {
 public:
  // Loads with Program::Verification::InternalConsistency and loads the method ("forward", else the only one).
  // Returns nullptr and sets `error` to one line when the file is not a program this runtime can run.
  static std::unique_ptr<LoadedProgram> load(const std::string& path, std::string& error);

  // Text lines: the method, the load time, each input's and output's dtype and shape.
  std::string describe() const;

  // Copies the inputs in `request` (count, then each input's byte size and bytes) into tensors of the method's
  // input types and shapes; false and `error` set when they do not fit.
  bool take_inputs(Buffer& request, std::string& error);
  // Executes on the inputs taken last; the time is execute() alone, in nanoseconds.
  bool execute(uint64_t& nanos, std::string& error);
  // The outputs of the last execute: dtype, shape and bytes of each.
  void write_outputs(Buffer& out) const;

 private:
  LoadedProgram(std::unique_ptr<executorch::extension::Module> module, std::string method, double load_ms)
      : module_(std::move(module)), method_(std::move(method)), load_ms_(load_ms) {}

  std::unique_ptr<executorch::extension::Module> module_;
  std::string method_;
  double load_ms_;
  std::vector<std::vector<uint8_t>> buffers_;
  std::vector<executorch::extension::TensorPtr> tensors_;
  std::vector<executorch::runtime::EValue> inputs_;
  std::vector<executorch::runtime::EValue> outputs_;
};

// Lathe's name of an ExecuTorch scalar type ("float32", "int64", ...), "other" for the rest.
const char* dtype_name(executorch::aten::ScalarType type);

}  // namespace lathe
