// write_file_atomically: the destination holds the old or the complete new contents, never a
// partial file, and no temporary file is left behind.
#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <ostream>

#include "io/atomic_file.h"

using namespace spikescope;

namespace {

QStringList entries(const QTemporaryDir& dir) {
  return QDir(dir.path())
      .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDir::Name);
}

QByteArray contents(const QString& path) {
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(unreadable)");
}

}  // namespace

class TestAtomicFile : public QObject {
  Q_OBJECT
 private slots:
  void writesAndReplaces();
  void writesLargeStreams();
  void keepsModeOfReplacedFile();
  void failureInProducerKeepsOldFile();
  void failureToRenameKeepsOldAndCleansUp();
  void missingDirectoryNamesThePath();
};

void TestAtomicFile::writesAndReplaces() {
  QTemporaryDir dir;
  const QString path = dir.filePath("out.txt");
  write_file_atomically(path.toStdString(), "first");
  QCOMPARE(contents(path), QByteArray("first"));
  write_file_atomically(path.toStdString(), "second, longer");
  QCOMPARE(contents(path), QByteArray("second, longer"));
  QCOMPARE(entries(dir), QStringList{"out.txt"});
}

void TestAtomicFile::writesLargeStreams() {
  // Several times the internal buffer, written in pieces of awkward sizes.
  QTemporaryDir dir;
  const QString path = dir.filePath("big.txt");
  std::string expected;
  for (int i = 0; i < 100000; ++i) expected += std::to_string(i) + (i % 7 == 0 ? "\n" : ",");
  write_file_atomically(path.toStdString(), [&](std::ostream& out) {
    for (std::size_t at = 0; at < expected.size(); at += 1237) {
      out << expected.substr(at, 1237);
    }
  });
  QCOMPARE(contents(path).toStdString() == expected, true);
}

void TestAtomicFile::keepsModeOfReplacedFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath("script.sh");
  write_file_atomically(path.toStdString(), "old");
  QVERIFY(QFile::setPermissions(path, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
  write_file_atomically(path.toStdString(), "new");
  QCOMPARE(QFile::permissions(path) & (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner |
                                       QFile::ReadGroup | QFile::ReadOther),
           QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
}

void TestAtomicFile::failureInProducerKeepsOldFile() {
  QTemporaryDir dir;
  const QString path = dir.filePath("out.csv");
  write_file_atomically(path.toStdString(), "complete old contents");
  try {
    write_file_atomically(path.toStdString(), [](std::ostream& out) {
      out << std::string(200000, 'x');  // some of it already reached the temporary file
      throw std::runtime_error("simulation cancelled");
    });
    QFAIL("the producer's exception was swallowed");
  } catch (const std::runtime_error& error) {
    QCOMPARE(std::string(error.what()), std::string("simulation cancelled"));
  }
  QCOMPARE(contents(path), QByteArray("complete old contents"));
  QCOMPARE(entries(dir), QStringList{"out.csv"});
}

void TestAtomicFile::failureToRenameKeepsOldAndCleansUp() {
  // A directory in the way: the rename fails after the data was written.
  QTemporaryDir dir;
  QVERIFY(QDir(dir.path()).mkdir("taken"));
  QVERIFY(QFile::copy(QStringLiteral(SPIKESCOPE_TEST_DATA_DIR "/README.md"),
                      dir.filePath("taken/keep.md")));
  const std::string path = dir.filePath("taken").toStdString();
  try {
    write_file_atomically(path, "data");
    QFAIL("replaced a directory");
  } catch (const FileError& error) {
    QCOMPARE(std::string(error.what()), path + ": cannot replace: Is a directory");
  }
  QCOMPARE(entries(dir), QStringList{"taken"});
  QVERIFY(QFile::exists(dir.filePath("taken/keep.md")));
}

void TestAtomicFile::missingDirectoryNamesThePath() {
  QTemporaryDir dir;
  const std::string path = dir.filePath("missing/out.csv").toStdString();
  try {
    write_file_atomically(path, "data");
    QFAIL("wrote into a missing directory");
  } catch (const FileError& error) {
    QCOMPARE(std::string(error.what()), path + ": cannot create a temporary file in " +
                                            dir.filePath("missing").toStdString() +
                                            ": No such file or directory");
  }
}

QTEST_GUILESS_MAIN(TestAtomicFile)
#include "tst_atomic_file.moc"
