#pragma once

#include <QWidget>

namespace gatehouse {

/// The graph page's legend: every node kind in its shape and colour, the Tier Zero mark,
/// and the edge styles (escalation red, conditional dashed, collapsed group dotted).
class GraphLegend : public QWidget
{
    Q_OBJECT
public:
    explicit GraphLegend(QWidget* parent = nullptr);
};

} // namespace gatehouse
