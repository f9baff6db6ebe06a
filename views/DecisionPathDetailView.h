#pragma once

#include <QDate>
#include <QTextBrowser>

#include "DecisionPath.h"

namespace gatehouse {

/// Read-only detail panel of the catalogue: every field of one path, framework
/// codes with their titles, the review date marked when overdue.
class DecisionPathDetailView : public QTextBrowser
{
    Q_OBJECT
public:
    explicit DecisionPathDetailView(QWidget* parent = nullptr);

    void showPath(const DecisionPath& path, const QDate& today);
    /// Empty state ("Select a decision path ...").
    void clearPath();
    /// Id of the path shown, empty in the empty state.
    QString pathId() const { return m_pathId; }

private:
    QString m_pathId;
};

} // namespace gatehouse
