#include "program.h"

#include <chrono>
#include <cstdio>
#include <cstring>
#include <sstream>

namespace lathe {

using executorch::aten::ScalarType;
using executorch::extension::Module;
using executorch::runtime::Error;
using executorch::runtime::EValue;
using executorch::runtime::Program;

namespace {

std::string error_text(const char* what, Error e) {
  char line[160];
  std::snprintf(line, sizeof line, "%s: %s (error 0x%x)", what, executorch::runtime::to_string(e),
                static_cast<unsigned>(e));
  return line;
}

template <typename Sizes>
std::string shape_text(const Sizes& sizes) {
  std::string s;
  for (size_t i = 0; i < sizes.size(); i++) s += (i ? "," : "") + std::to_string(sizes[i]);
  return s;
}

std::string method_to_run(Module& module, std::string& error) {
  auto names = module.method_names();
  if (!names.ok()) {
    error = error_text("cannot read the program's methods", names.error());
    return "";
  }
  if (names->count("forward")) return "forward";
  if (names->size() == 1) return *names->begin();
  error = "cannot choose a method: the program has " + std::to_string(names->size()) + " methods and none is called forward";
  return "";
}

}  // namespace

const char* dtype_name(ScalarType type) {
  switch (type) {
    case ScalarType::Float: return "float32";
    case ScalarType::Double: return "float64";
    case ScalarType::Half: return "float16";
    case ScalarType::BFloat16: return "bfloat16";
    case ScalarType::Char: return "int8";
    case ScalarType::Byte: return "uint8";
    case ScalarType::Short: return "int16";
    case ScalarType::Int: return "int32";
    case ScalarType::Long: return "int64";
    case ScalarType::Bool: return "bool";
    default: return "other";
  }
}

std::unique_ptr<LoadedProgram> LoadedProgram::load(const std::string& path, std::string& error) {
  auto start = std::chrono::steady_clock::now();
  auto module = std::make_unique<Module>(path, Module::LoadMode::File);
  Error e = module->load(Program::Verification::InternalConsistency);
  if (e != Error::Ok) {
    error = error_text("cannot load the program", e);
    return nullptr;
  }
  std::string method = method_to_run(*module, error);
  if (method.empty()) return nullptr;
  e = module->load_method(method);
  if (e != Error::Ok) {
    error = error_text(("cannot load method " + method).c_str(), e);
    return nullptr;
  }
  auto meta = module->method_meta(method);
  if (!meta.ok()) {
    error = error_text("cannot read the method's inputs", meta.error());
    return nullptr;
  }
  for (size_t i = 0; i < meta->num_inputs(); i++) {
    if (!meta->input_tensor_meta(i).ok()) {
      error = "cannot feed input " + std::to_string(i) + " of " + method + ": it is not a tensor, and Lathe feeds "
              "tensors only";
      return nullptr;
    }
  }
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  return std::unique_ptr<LoadedProgram>(new LoadedProgram(std::move(module), method, ms));
}

std::string LoadedProgram::describe() const {
  auto meta = module_->method_meta(method_);
  std::ostringstream out;
  out << "method " << method_ << "\n";
  out << "load_ms " << load_ms_ << "\n";
  for (size_t i = 0; i < meta->num_inputs(); i++) {
    auto t = meta->input_tensor_meta(i);
    out << "input " << dtype_name(t->scalar_type()) << " " << shape_text(t->sizes()) << "\n";
  }
  for (size_t i = 0; i < meta->num_outputs(); i++) {
    auto t = meta->output_tensor_meta(i);
    if (t.ok()) {
      out << "output " << dtype_name(t->scalar_type()) << " " << shape_text(t->sizes()) << "\n";
    } else {
      out << "output other \n";
    }
  }
  return out.str();
}

bool LoadedProgram::take_inputs(Buffer& request, std::string& error) {
  auto meta = module_->method_meta(method_);
  uint32_t count = 0;
  if (!request.get_u32(count) || count != meta->num_inputs()) {
    error = "cannot take the inputs: the request carries " + std::to_string(count) + " inputs; method " + method_ + " takes " +
            std::to_string(meta->num_inputs());
    return false;
  }
  buffers_.assign(count, {});
  tensors_.clear();
  inputs_.clear();
  for (uint32_t i = 0; i < count; i++) {
    auto t = meta->input_tensor_meta(i);
    uint64_t n = 0;
    const uint8_t* data = nullptr;
    if (!request.get_u64(n) || n != t->nbytes() || !request.get_bytes(n, data)) {
      error = "cannot take input " + std::to_string(i) + ": it has " + std::to_string(n) + " bytes, the program's takes " +
              std::to_string(t->nbytes()) + " (" + dtype_name(t->scalar_type()) + " " + shape_text(t->sizes()) + ")";
      return false;
    }
    buffers_[i].assign(data, data + n);
    std::vector<executorch::aten::SizesType> sizes(t->sizes().begin(), t->sizes().end());
    tensors_.push_back(executorch::extension::make_tensor_ptr(sizes, buffers_[i].data(), t->scalar_type()));
    inputs_.emplace_back(tensors_.back());
  }
  return true;
}

bool LoadedProgram::execute(uint64_t& nanos, std::string& error) {
  auto start = std::chrono::steady_clock::now();
  auto result = module_->execute(method_, inputs_);
  auto end = std::chrono::steady_clock::now();
  if (!result.ok()) {
    error = error_text(("executing " + method_).c_str(), result.error());
    return false;
  }
  nanos = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(end - start).count());
  outputs_ = std::move(result.get());
  return true;
}

void LoadedProgram::write_outputs(Buffer& out) const {
  out.put_u32(static_cast<uint32_t>(outputs_.size()));
  for (const EValue& v : outputs_) {
    if (!v.isTensor()) {
      out.put_u8(0);
      out.put_u32(0);
      out.put_u64(0);
      continue;
    }
    const auto& t = v.toTensor();
    out.put_u8(static_cast<uint8_t>(t.scalar_type()));
    out.put_u32(static_cast<uint32_t>(t.dim()));
    for (ssize_t d = 0; d < t.dim(); d++) out.put_u64(static_cast<uint64_t>(t.size(d)));
    out.put_u64(t.nbytes());
    out.put_bytes(t.const_data_ptr(), t.nbytes());
  }
}

}  // namespace lathe
