#include "InputFile.h"

#include <QFile>
#include <QFileInfo>

namespace gatehouse {

namespace {
QString mebibytes(qint64 bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + QStringLiteral(" MiB");
}
} // namespace

Result<QByteArray> InputFile::read(const QString& path, qint64 maxBytes)
{
    const QFileInfo info(path);
    if (!info.exists())
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: no such file").arg(path));
    if (!info.isFile())
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: not a regular file").arg(path));
    if (info.size() > maxBytes)
        return fail(ErrorCode::InvalidInput, QStringLiteral("%1: the file is %2, more than the limit of %3")
                                                 .arg(path, mebibytes(info.size()), mebibytes(maxBytes)));
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    // The size may change between the check and the read; never take more than the limit.
    QByteArray data = file.read(maxBytes + 1);
    if (data.size() > maxBytes)
        return fail(
            ErrorCode::InvalidInput,
            QStringLiteral("%1: the file is larger than the limit of %2").arg(path, mebibytes(maxBytes)));
    if (file.error() != QFileDevice::NoError)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("%1: cannot read: %2").arg(path, file.errorString()));
    return data;
}

} // namespace gatehouse
