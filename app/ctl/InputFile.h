#pragma once

#include <QByteArray>
#include <QString>

#include "Error.h"

namespace gatehouse {

/// Reads a file named on the command line with a hard size limit, so a hostile or
/// mistaken argument (a 20 MB dump, /dev/zero, a FIFO, a folder) is refused with a
/// message naming the file instead of being read into memory.
class InputFile
{
public:
    /// Contents of \a path. InvalidInput naming the file when it is missing, not a
    /// regular file, unreadable, or larger than \a maxBytes.
    [[nodiscard]] static Result<QByteArray> read(const QString& path, qint64 maxBytes);
};

} // namespace gatehouse
