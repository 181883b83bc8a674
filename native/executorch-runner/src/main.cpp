// lathe-et-runner: runs one ExecuTorch program for Lathe.
//
//   lathe-et-runner --version            prints "ExecuTorch <version>" (the version it was built against)
//   lathe-et-runner MODEL.pte [--threads N]
//
// Loads MODEL.pte with the runtime's verifier on, sends a description of its method, then serves run requests read
// on stdin until stdin closes, answering on stdout (../README.md, "Protocol"). A program that fails to load or execute
// gets one error line; a program that crashes the runtime ends this process, and only it.
#include <executorch/extension/threadpool/threadpool.h>

#if __has_include(<executorch/runtime/core/version.h>)
#include <executorch/runtime/core/version.h>
#endif
#ifndef ET_VERSION
#define ET_VERSION "unknown"
#endif

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "program.h"
#include "protocol.h"

namespace {

constexpr uint32_t kMaxLoop = 1u << 20;

int usage(const char* self) {
  std::fprintf(stderr, "usage: %s --version | MODEL.pte [--threads N]\n", self);
  return 2;
}

void answer(lathe::Channel& channel, lathe::LoadedProgram& program, char kind, lathe::Buffer& request) {
  std::string error;
  lathe::Buffer reply;
  uint64_t nanos = 0;
  switch (kind) {
    case lathe::kRun:
      if (!program.take_inputs(request, error) || !program.execute(nanos, error)) break;
      reply.put_u64(nanos);
      program.write_outputs(reply);
      channel.write(lathe::kOutputs, reply);
      return;
    case lathe::kBind:
      if (!program.take_inputs(request, error)) break;
      channel.write(lathe::kBound, reply);
      return;
    case lathe::kExecute:
      if (!program.execute(nanos, error)) break;
      reply.put_u64(nanos);
      channel.write(lathe::kTimed, reply);
      return;
    case lathe::kLoop: {
      // Runs back to back as a raw loop does: nothing but the clock between one execute and the next.
      uint32_t count = 0;
      if (!request.get_u32(count) || count == 0 || count > kMaxLoop) {
        error = "cannot loop: a loop runs 1 to " + std::to_string(kMaxLoop) + " times";
        break;
      }
      std::vector<uint64_t> times(count);
      bool ok = true;
      for (uint32_t i = 0; i < count && ok; i++) ok = program.execute(times[i], error);
      if (!ok) break;
      for (uint64_t t : times) reply.put_u64(t);
      channel.write(lathe::kTimed, reply);
      return;
    }
    default:
      error = std::string("unknown request '") + kind + "'";
  }
  channel.error(error);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "--version") == 0) {
    std::printf("ExecuTorch %s\n", ET_VERSION);
    return 0;
  }
  if (argc != 2 && !(argc == 4 && std::strcmp(argv[2], "--threads") == 0)) return usage(argv[0]);
  lathe::Channel channel;
  int threads = argc == 4 ? std::atoi(argv[3]) : 0;
  if (threads > 0) {
    // XNNPACK's thread pool; portable kernels run on the calling thread.
    executorch::extension::threadpool::get_threadpool()->_unsafe_reset_threadpool(static_cast<uint32_t>(threads));
  }
  std::string error;
  auto program = lathe::LoadedProgram::load(argv[1], error);
  if (!program) {
    channel.error(error);
    return 1;
  }
  lathe::Buffer description;
  std::string text = std::string("executorch ") + ET_VERSION + "\n" + program->describe();
  description.put_bytes(text.data(), text.size());
  channel.write(lathe::kModel, description);
  char kind;
  lathe::Buffer request;
  while (channel.read(kind, request) && kind != lathe::kQuit) {
    answer(channel, *program, kind, request);
  }
  return 0;
}
