#include "base/mapped_file.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <thread>

#include "testing/temp_directory.h"

namespace kexit {
namespace {

// Numbered lines, so any offset into the text says where it came from.
std::string numbered_lines(std::size_t bytes) {
  std::string text;
  for (int i = 0; text.size() < bytes; ++i) {
    text += "line " + std::to_string(i) + "\n";
  }
  return text;
}

class MappedFileTest : public ::testing::Test {
 protected:
  testing_support::TempDirectory directory_;
};

TEST_F(MappedFileTest, MapsTheLastBytesOfAQuietFile) {
  const std::string text = numbered_lines(100 * 1000);
  const std::string path = directory_.write("quiet.log", text);
  auto mapped = MappedFile::map_quiet_tail(path, 5000, 0);
  ASSERT_NE(mapped, nullptr);
  EXPECT_EQ(mapped->view(), std::string_view(text).substr(text.size() - 5000));
  EXPECT_EQ(mapped->file_size(), text.size());
}

TEST_F(MappedFileTest, MapsAllOfAFileShorterThanAsked) {
  const std::string path = directory_.write("short.log", "one\ntwo\n");
  auto mapped = MappedFile::map_quiet_tail(path, 1 << 20, 0);
  ASSERT_NE(mapped, nullptr);
  EXPECT_EQ(mapped->view(), "one\ntwo\n");
}

TEST_F(MappedFileTest, LeavesATailUnderTheMinimumToBeRead) {
  const std::string path = directory_.write("small.log", numbered_lines(1000));
  EXPECT_EQ(MappedFile::map_quiet_tail(path, 1 << 20, 4096), nullptr);
  EXPECT_EQ(MappedFile::map_quiet_tail(directory_.write("empty.log", ""), 10, 0), nullptr);
}

TEST_F(MappedFileTest, LeavesAFileThatIsOpenForWritingToBeRead) {
  const std::string path = directory_.write("growing.log", numbered_lines(10000));
  std::ofstream writer(path, std::ios::app);
  EXPECT_EQ(MappedFile::map_quiet_tail(path, 1000, 0), nullptr);
}

TEST_F(MappedFileTest, LeavesWhatIsNotARegularFileToBeRead) {
  const std::string fifo = directory_.file("fifo");
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  // Not opened: a FIFO without a writer would block the open.
  EXPECT_EQ(MappedFile::map_quiet_tail(fifo, 1000, 0), nullptr);
  EXPECT_EQ(MappedFile::map_quiet_tail(directory_.path(), 1000, 0), nullptr);
  EXPECT_EQ(MappedFile::map_quiet_tail(directory_.file("missing.log"), 1000, 0), nullptr);
}

// The lease keeps the mapped bytes valid: a writer (or logrotate's copytruncate, which opens
// the file to truncate it) is told to wait, and kexit answers by copying the mapped bytes and
// giving the lease up, so the writer never waits for kexit to finish.
TEST_F(MappedFileTest, ANonBlockingWriterIsToldToWaitUntilTheBytesAreCopied) {
  const std::string path = directory_.write("held.log", numbered_lines(10000));
  auto mapped = MappedFile::map_quiet_tail(path, 1000, 0);
  ASSERT_NE(mapped, nullptr);
  // O_NONBLOCK: fail at once where a writer would wait.
  int blocked = open(path.c_str(), O_WRONLY | O_NONBLOCK);
  EXPECT_EQ(blocked, -1);
  EXPECT_EQ(errno, EWOULDBLOCK);
  mapped.reset();
  int writer = open(path.c_str(), O_WRONLY | O_NONBLOCK);
  EXPECT_GE(writer, 0);
  close(writer);
}

// Before the handler, a truncate went on after the kernel's 45 s lease-break-time and the next
// read of the view died with SIGBUS. Now the truncating open returns once the bytes are copied
// (were the handler missing, this test would wait 45 s and then crash on the read below).
TEST_F(MappedFileTest, ATruncatedFileLeavesTheViewIntact) {
  const std::string text = numbered_lines(3 * 1000 * 1000);
  const std::string path = directory_.write("rotated.log", text);
  auto mapped = MappedFile::map_quiet_tail(path, 2 * 1000 * 1000, 0);
  ASSERT_NE(mapped, nullptr);
  std::thread rotate([&] {
    int fd = open(path.c_str(), O_WRONLY | O_TRUNC);  // copytruncate's truncating open
    if (fd >= 0) {
      close(fd);
    }
  });
  rotate.join();
  struct stat status {};
  ASSERT_EQ(stat(path.c_str(), &status), 0);
  EXPECT_EQ(status.st_size, 0);
  EXPECT_EQ(mapped->view(), std::string_view(text).substr(text.size() - 2 * 1000 * 1000));
}

}  // namespace
}  // namespace kexit
