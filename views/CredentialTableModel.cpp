#include "CredentialTableModel.h"

#include <QColor>

#include "TimeLeftText.h"

namespace gatehouse {

namespace {

QString utcText(const QDateTime& t)
{
    return t.isValid() ? t.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) : QString();
}

} // namespace

CredentialTableModel::CredentialTableModel(QObject* parent) : QAbstractTableModel(parent) {}

void CredentialTableModel::setCredentials(QList<Credential> credentials, const QDateTime& now)
{
    beginResetModel();
    m_credentials = std::move(credentials);
    m_now = now;
    endResetModel();
}

void CredentialTableModel::setNow(const QDateTime& now)
{
    m_now = now;
    if (m_credentials.isEmpty())
        return;
    // The state column changes too when a row passes exp; everything between is untouched.
    emit dataChanged(index(0, StateColumn), index(rowCount() - 1, TimeLeftColumn));
}

int CredentialTableModel::rowOf(const QString& jti) const
{
    for (int i = 0; i < m_credentials.size(); ++i) {
        if (m_credentials.at(i).jti == jti)
            return i;
    }
    return -1;
}

CredentialStatus CredentialTableModel::effectiveStatus(const Credential& credential) const
{
    if (credential.status == CredentialStatus::Active && !credential.isLive(m_now))
        return CredentialStatus::Expired;
    return credential.status;
}

qint64 CredentialTableModel::secondsLeft(const Credential& credential) const
{
    return credential.isLive(m_now) ? m_now.secsTo(credential.expiresAt) : 0;
}

int CredentialTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_credentials.size());
}

int CredentialTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant CredentialTableModel::display(const Credential& c, int column) const
{
    switch (column) {
    case StateColumn:
        return credentialStatusName(effectiveStatus(c));
    case RequestColumn:
        return c.requestId;
    case PathColumn:
        return c.pathId;
    case ActionColumn:
        return c.actionType;
    case TargetColumn:
        return c.audience.isEmpty() || c.audience == c.target
                   ? c.target
                   : QStringLiteral("%1 (%2)").arg(c.target, c.audience);
    case SubjectColumn:
        return c.subject;
    case IssuedColumn:
        return utcText(c.issuedAt);
    case ExpiresColumn:
        return utcText(c.expiresAt);
    case TimeLeftColumn:
        return c.isLive(m_now) ? timeLeftText(secondsLeft(c)) : QStringLiteral("—");
    case KidColumn:
        return c.kid;
    case RevokedColumn:
        if (c.status != CredentialStatus::Revoked)
            return QString();
        return QStringLiteral("%1: %2").arg(c.statusActor, c.revokeReason);
    default:
        return {};
    }
}

QVariant CredentialTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Credential& c = m_credentials.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(c, index.column());
    case JtiRole:
        return c.jti;
    case StateRole:
        return static_cast<int>(effectiveStatus(c));
    case SortRole:
        switch (index.column()) {
        case IssuedColumn:
            return c.issuedAt;
        case ExpiresColumn:
            return c.expiresAt;
        case TimeLeftColumn:
            // Not live sorts below every live one, whatever its text.
            return c.isLive(m_now) ? secondsLeft(c) : qint64(-1);
        default:
            return display(c, index.column()).toString().toLower();
        }
    case Qt::ToolTipRole:
        if (index.column() == IssuedColumn || index.column() == ExpiresColumn)
            return tr("UTC");
        if (index.column() == StateColumn && c.status == CredentialStatus::Active && !c.isLive(m_now))
            return tr("Past its expiry; the sweeper has not recorded it yet.");
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == TimeLeftColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == StateColumn) {
            switch (effectiveStatus(c)) {
            case CredentialStatus::Active:
                return QColor(0x20, 0x70, 0x30);
            case CredentialStatus::Revoked:
                return QColor(0xa0, 0x20, 0x20);
            default:
                return QColor(0x70, 0x70, 0x70);
            }
        }
        return {};
    default:
        return {};
    }
}

QVariant CredentialTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case StateColumn:
        return tr("State");
    case RequestColumn:
        return tr("Request");
    case PathColumn:
        return tr("Path");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target (audience)");
    case SubjectColumn:
        return tr("Subject (SPIFFE ID)");
    case IssuedColumn:
        return tr("Issued (UTC)");
    case ExpiresColumn:
        return tr("Expires (UTC)");
    case TimeLeftColumn:
        return tr("Time left");
    case KidColumn:
        return tr("Key id");
    case RevokedColumn:
        return tr("Revoked by: reason");
    default:
        return {};
    }
}

} // namespace gatehouse
