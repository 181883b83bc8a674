#include "protocol.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace lathe {
namespace {

// A request never carries more than ShapeLimits lets Lathe feed (2^28 elements of 8 bytes) plus headers.
constexpr uint32_t kMaxFrame = (1u << 31) - 1;

bool read_fully(int fd, void* data, size_t n) {
  auto* p = static_cast<uint8_t*>(data);
  while (n > 0) {
    ssize_t r = ::read(fd, p, n);
    if (r < 0 && errno == EINTR) continue;
    if (r <= 0) return false;
    p += r;
    n -= static_cast<size_t>(r);
  }
  return true;
}

void write_fully(int fd, const void* data, size_t n) {
  auto* p = static_cast<const uint8_t*>(data);
  while (n > 0) {
    ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) _exit(3);  // Lathe is gone: nobody is left to answer
    p += w;
    n -= static_cast<size_t>(w);
  }
}

uint64_t little_endian(const uint8_t* p, int bytes) {
  uint64_t v = 0;
  for (int i = bytes - 1; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

}  // namespace

void Buffer::put_u32(uint32_t v) {
  for (int i = 0; i < 4; i++) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Buffer::put_u64(uint64_t v) {
  for (int i = 0; i < 8; i++) bytes_.push_back(static_cast<uint8_t>(v >> (8 * i)));
}

void Buffer::put_bytes(const void* data, size_t n) {
  auto* p = static_cast<const uint8_t*>(data);
  bytes_.insert(bytes_.end(), p, p + n);
}

bool Buffer::get_u32(uint32_t& v) {
  if (remaining() < 4) return false;
  v = static_cast<uint32_t>(little_endian(bytes_.data() + pos_, 4));
  pos_ += 4;
  return true;
}

bool Buffer::get_u64(uint64_t& v) {
  if (remaining() < 8) return false;
  v = little_endian(bytes_.data() + pos_, 8);
  pos_ += 8;
  return true;
}

bool Buffer::get_bytes(size_t n, const uint8_t*& data) {
  if (remaining() < n) return false;
  data = bytes_.data() + pos_;
  pos_ += n;
  return true;
}

Channel::Channel() : out_(::dup(1)) {
  ::dup2(2, 1);
}

bool Channel::read(char& kind, Buffer& body) {
  uint8_t head[4];
  if (!read_fully(0, head, 4)) return false;
  uint32_t n = static_cast<uint32_t>(little_endian(head, 4));
  if (n == 0 || n > kMaxFrame) return false;
  std::vector<uint8_t> bytes(n);
  if (!read_fully(0, bytes.data(), n)) return false;
  kind = static_cast<char>(bytes[0]);
  bytes.erase(bytes.begin());
  body = Buffer(std::move(bytes));
  return true;
}

void Channel::write(char kind, const Buffer& body) {
  Buffer head;
  head.put_u32(static_cast<uint32_t>(body.bytes().size() + 1));
  head.put_u8(static_cast<uint8_t>(kind));
  write_fully(out_, head.bytes().data(), head.bytes().size());
  write_fully(out_, body.bytes().data(), body.bytes().size());
}

void Channel::error(const std::string& line) {
  Buffer body;
  body.put_bytes(line.data(), line.size());
  write(kError, body);
}

}  // namespace lathe
