#pragma once

#include <optional>

#include <QDate>
#include <QTextBrowser>

#include "DecisionPath.h"
#include "PermissionGraphService.h"

namespace gatehouse {

/// Read-only detail panel of the catalogue: every field of one path, framework
/// codes with their titles, the review date marked when overdue.
class DecisionPathDetailView : public QTextBrowser
{
    Q_OBJECT
public:
    /// What the permission graph says about a path: its hidden privilege amplification and
    /// blast radius, or why they were not computed.
    struct GraphExposure
    {
        QString notComputed; ///< non-empty: the reason nothing was computed
        GraphAmplification amplification;
        GraphBlastRadius blastRadius;
    };

    explicit DecisionPathDetailView(QWidget* parent = nullptr);

    /// \a exposure: the "Permission graph" section; none when the graph is not available.
    void showPath(const DecisionPath& path, const QDate& today,
                  const std::optional<GraphExposure>& exposure = std::nullopt);
    /// Empty state ("Select a decision path ...").
    void clearPath();
    /// Id of the path shown, empty in the empty state.
    QString pathId() const { return m_pathId; }

private:
    QString m_pathId;
};

} // namespace gatehouse
