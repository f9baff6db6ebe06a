#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

#include "Credential.h"

namespace gatehouse {

/// Read-only table of issued credentials for the Credentials page (issue #5).
///
/// The state column shows the effective state at now(): an "active" row whose exp has
/// passed reads "expired" before the sweeper has recorded it, since the token is already
/// refused (RFC 7519 section 4.1.4). SortRole gives the underlying value (seconds left as
/// an integer, times as QDateTime), so sorting never goes by display text (FIELD-CASES 12).
/// The token itself is never held here: only the stored claims.
class CredentialTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        StateColumn,
        RequestColumn,
        PathColumn,
        ActionColumn,
        TargetColumn,
        SubjectColumn,
        IssuedColumn,
        ExpiresColumn,
        TimeLeftColumn,
        KidColumn,
        RevokedColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1,
        JtiRole,   ///< the credential's jti (every column)
        StateRole, ///< effective CredentialStatus as int (every column)
    };

    explicit CredentialTableModel(QObject* parent = nullptr);

    /// Replaces the rows; \a now is the time the states and time left are computed for.
    void setCredentials(QList<Credential> credentials, const QDateTime& now);
    /// Moves the time on: time left and effective state are recomputed (dataChanged only).
    void setNow(const QDateTime& now);
    QDateTime now() const { return m_now; }

    const QList<Credential>& credentials() const { return m_credentials; }
    const Credential& credentialAt(int row) const { return m_credentials.at(row); }
    /// Row of the credential with \a jti, or -1.
    int rowOf(const QString& jti) const;
    /// State at now(): Active past exp counts as Expired.
    CredentialStatus effectiveStatus(const Credential& credential) const;
    /// Seconds until exp for a live credential; 0 otherwise.
    qint64 secondsLeft(const Credential& credential) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant display(const Credential& c, int column) const;

    QList<Credential> m_credentials;
    QDateTime m_now;
};

} // namespace gatehouse
