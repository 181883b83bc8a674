// Frames between lathe-et-runner and Lathe: a little-endian uint32 length, then that many bytes, the first of which
// says what the frame is. See ../README.md, "Protocol".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lathe {

// Requests (Lathe to runner).
constexpr char kRun = 'R';      // inputs; answered by kOutputs or kError
constexpr char kBind = 'B';     // inputs kept for kExecute; answered by kBound or kError
constexpr char kExecute = 'X';  // no body; answered by kTimed or kError
constexpr char kLoop = 'L';     // a run count; that many back-to-back executes, answered by kTimed or kError
constexpr char kQuit = 'Q';
// Answers (runner to Lathe).
constexpr char kModel = 'M';    // text lines describing the loaded method
constexpr char kOutputs = 'O';  // execute ns, then every output tensor
constexpr char kBound = 'K';
constexpr char kTimed = 'T';    // execute ns of each run
constexpr char kError = 'E';    // one line of UTF-8

// A frame body being written or read, with little-endian fields.
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(std::vector<uint8_t> bytes) : bytes_(std::move(bytes)) {}

  void put_u8(uint8_t v) { bytes_.push_back(v); }
  void put_u32(uint32_t v);
  void put_u64(uint64_t v);
  void put_bytes(const void* data, size_t n);

  bool get_u32(uint32_t& v);
  bool get_u64(uint64_t& v);
  bool get_bytes(size_t n, const uint8_t*& data);
  size_t remaining() const { return bytes_.size() - pos_; }

  const std::vector<uint8_t>& bytes() const { return bytes_; }

 private:
  std::vector<uint8_t> bytes_;
  size_t pos_ = 0;
};

// The channel to Lathe: frames are read from fd 0 and written to a private copy of fd 1, and fd 1 itself is pointed
// at stderr, so that nothing the runtime prints can corrupt a frame.
class Channel {
 public:
  Channel();
  // False at end of input (Lathe is gone) or on a malformed length.
  bool read(char& kind, Buffer& body);
  void write(char kind, const Buffer& body);
  void error(const std::string& line);

 private:
  int out_;
};

}  // namespace lathe
