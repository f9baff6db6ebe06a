#include "GraphSavedQueriesPanel.h"

#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QVBoxLayout>

#include "CountText.h"
#include "GraphQueryDialog.h"
#include "Logging.h"
#include "UserInteraction.h"

namespace gatehouse {

namespace {

constexpr int kNameRole = Qt::UserRole;

QString firstLine(const QString& text)
{
    const QString line = text.section(QLatin1Char('\n'), 0, 0).trimmed();
    return line.size() > 120 ? line.left(119) + QChar(0x2026) : line;
}

QString idList(const QStringList& ids)
{
    constexpr qsizetype kShown = 5;
    QString text = ids.mid(0, kShown).join(QStringLiteral(", "));
    if (ids.size() > kShown)
        text += GraphSavedQueriesPanel::tr(" and %1 more").arg(ids.size() - kShown);
    return text;
}

} // namespace

GraphSavedQueriesPanel::GraphSavedQueriesPanel(PermissionGraphService* graph, OperatorSession session,
                                               UserInteraction& interaction, QWidget* parent)
    : QWidget(parent), m_graph(graph), m_session(std::move(session)), m_interaction(interaction)
{
    setObjectName(QStringLiteral("savedQueriesPanel"));
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("savedQueryList"));
    m_list->setSpacing(2);
    // Wrapped, not scrolled sideways: the second line (description, who, when) stays readable.
    m_list->setWordWrap(true);
    m_list->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_list->setResizeMode(QListView::Adjust);

    const auto button = [this](const QString& text, const QString& name) {
        auto* b = new QPushButton(text, this);
        b->setObjectName(name);
        return b;
    };
    m_run = button(tr("Run"), QStringLiteral("runQueryButton"));
    m_run->setToolTip(tr("Find the query's paths and show them on the canvas (double-click does the same)"));
    m_save = button(tr("Save current…"), QStringLiteral("saveQueryButton"));
    m_remove = button(tr("Delete…"), QStringLiteral("removeQueryButton"));
    m_export = button(tr("Export…"), QStringLiteral("exportQueriesButton"));
    m_export->setToolTip(tr("Write every saved query to a JSON file, to share"));
    m_import = button(tr("Import…"), QStringLiteral("importQueriesButton"));

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("savedQueriesStatus"));
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* firstRow = new QHBoxLayout;
    firstRow->addWidget(m_run);
    firstRow->addWidget(m_save);
    firstRow->addWidget(m_remove);
    auto* secondRow = new QHBoxLayout;
    secondRow->addWidget(m_export);
    secondRow->addWidget(m_import);
    secondRow->addStretch(1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 4, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(firstRow);
    layout->addLayout(secondRow);
    layout->addWidget(m_status);

    connect(m_run, &QPushButton::clicked, this, &GraphSavedQueriesPanel::runSelected);
    connect(m_save, &QPushButton::clicked, this, &GraphSavedQueriesPanel::saveCurrent);
    connect(m_remove, &QPushButton::clicked, this, &GraphSavedQueriesPanel::removeSelected);
    connect(m_export, &QPushButton::clicked, this, &GraphSavedQueriesPanel::exportToFile);
    connect(m_import, &QPushButton::clicked, this, &GraphSavedQueriesPanel::importFromFile);
    connect(m_list, &QListWidget::itemActivated, this, [this] { runSelected(); });
    connect(m_list, &QListWidget::currentRowChanged, this, &GraphSavedQueriesPanel::updateButtons);
    updateButtons();
}

bool GraphSavedQueriesPanel::canWrite() const
{
    return m_session.hasRole(OperatorRole::Admin) || m_session.hasRole(OperatorRole::Owner);
}

void GraphSavedQueriesPanel::refresh()
{
    if (!m_graph)
        return;
    const QString selected = selectedName();
    auto loaded = m_graph->savedQueries(m_session);
    if (!loaded) {
        setStatus(loaded.error().message, true);
        return;
    }
    m_queries = *loaded;
    std::sort(m_queries.begin(), m_queries.end(), [](const GraphSavedQuery& a, const GraphSavedQuery& b) {
        return a.name.localeAwareCompare(b.name) < 0;
    });
    const QSignalBlocker block(m_list);
    m_list->clear();
    const QLocale locale;
    for (const GraphSavedQuery& q : std::as_const(m_queries)) {
        QString second =
            tr("by %1, %2").arg(q.savedBy, locale.toString(q.savedAt.date(), QLocale::ShortFormat));
        if (!q.description.trimmed().isEmpty())
            second = firstLine(q.description) + QStringLiteral(" · ") + second;
        auto* item = new QListWidgetItem(q.name + QLatin1Char('\n') + second, m_list);
        item->setData(kNameRole, q.name);
        const auto parsed = GraphPathQuery::fromJson(q.query);
        QString tip = QStringLiteral("<b>%1</b>").arg(q.name.toHtmlEscaped());
        if (!q.description.isEmpty())
            tip += QStringLiteral("<p>%1</p>")
                       .arg(q.description.toHtmlEscaped().replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        tip += QStringLiteral("<p>%1</p>")
                   .arg((parsed ? describe(*parsed) : parsed.error().message)
                            .toHtmlEscaped()
                            .replace(QLatin1Char('\n'), QStringLiteral("<br>")));
        tip += tr("Saved by %1 on %2")
                   .arg(q.savedBy.toHtmlEscaped(), locale.toString(q.savedAt, QLocale::ShortFormat));
        item->setToolTip(tip);
    }
    if (!select(selected) && m_list->count() > 0)
        m_list->setCurrentRow(0);
    if (m_queries.isEmpty())
        setStatus(canWrite()
                      ? tr("No saved queries yet: find paths, then \"Save current…\", or import a file.")
                      : tr("No saved queries yet."));
    else
        setStatus(QString());
    updateButtons();
}

QString GraphSavedQueriesPanel::describe(const GraphPathQuery& query)
{
    QStringList targets;
    if (query.toTierZero)
        targets << tr("Tier Zero");
    if (query.toSensitive)
        targets << tr("every sensitive target");
    if (!query.to.isEmpty())
        targets << idList(query.to);
    return tr("From: %1\nTo: %2\nUp to %3, %4")
        .arg(idList(query.from), targets.join(QStringLiteral("; ")),
             countText(query.k, tr("%1 path"), tr("%1 paths")),
             query.maxHops > 0 ? tr("at most %1 hops").arg(query.maxHops) : tr("any number of hops"));
}

bool GraphSavedQueriesPanel::select(const QString& name)
{
    for (int row = 0; row < m_list->count(); ++row) {
        if (m_list->item(row)->data(kNameRole).toString() == name) {
            m_list->setCurrentRow(row);
            return true;
        }
    }
    return false;
}

QString GraphSavedQueriesPanel::selectedName() const
{
    const QListWidgetItem* item = m_list->currentItem();
    return item ? item->data(kNameRole).toString() : QString();
}

QStringList GraphSavedQueriesPanel::names() const
{
    QStringList out;
    for (int row = 0; row < m_list->count(); ++row)
        out << m_list->item(row)->data(kNameRole).toString();
    return out;
}

void GraphSavedQueriesPanel::updateButtons()
{
    const bool selected = m_list->currentItem() != nullptr;
    m_run->setEnabled(selected);
    m_remove->setEnabled(selected && canWrite());
    m_save->setEnabled(canWrite());
    m_import->setEnabled(canWrite());
    m_export->setEnabled(!m_queries.isEmpty());
    if (canWrite()) {
        m_save->setToolTip(tr("Save the page's start nodes, target, k and max hops under a name"));
        m_remove->setToolTip(tr("Delete the selected query"));
        m_import->setToolTip(tr("Add the queries of an exported JSON file (all or none)"));
        return;
    }
    const QString why =
        tr("Saving, deleting and importing queries needs the admin or owner role; %1 has %2.")
            .arg(m_session.username, operatorRoleNames(m_session.roles).join(QStringLiteral(", ")));
    for (QPushButton* b : {m_save, m_remove, m_import})
        b->setToolTip(why);
}

bool GraphSavedQueriesPanel::runSelected()
{
    const QString name = selectedName();
    for (const GraphSavedQuery& q : std::as_const(m_queries)) {
        if (q.name != name)
            continue;
        auto parsed = GraphPathQuery::fromJson(q.query);
        if (!parsed) {
            setStatus(parsed.error().message, true);
            return false;
        }
        setStatus(tr("Ran \"%1\".").arg(name));
        emit runRequested(*parsed, name);
        return true;
    }
    return false;
}

GraphQueryDialog* GraphSavedQueriesPanel::activeDialog() const
{
    return m_dialog;
}

void GraphSavedQueriesPanel::saveCurrent()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    GraphSavedQuery initial;
    initial.query = (m_currentQuery ? m_currentQuery() : GraphPathQuery{}).toJson();
    auto* dialog = new GraphQueryDialog(initial, window());
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setSaveHandler([this, dialog](const GraphSavedQuery& q) { return store(dialog, q); });
    m_dialog = dialog;
    dialog->open();
}

bool GraphSavedQueriesPanel::store(GraphQueryDialog* dialog, const GraphSavedQuery& query)
{
    if (!m_graph)
        return false;
    auto existing = m_graph->savedQueries(m_session);
    if (!existing) {
        dialog->showSaveError(existing.error().message);
        return false;
    }
    for (const GraphSavedQuery& q : std::as_const(*existing)) {
        if (q.name == query.name &&
            !m_interaction.confirm(dialog, tr("Replace saved query"),
                                   tr("A query named \"%1\" was saved by %2. Replace it with this one?")
                                       .arg(q.name, q.savedBy))) {
            dialog->showSaveError(
                tr("Not saved: choose another name, or save again to replace \"%1\".").arg(query.name));
            return false;
        }
    }
    if (auto st = m_graph->saveQuery(m_session, query); !st) {
        dialog->showSaveError(st.error().message);
        return false;
    }
    Logging::info("ui", QStringLiteral("%1 saved graph query %2").arg(m_session.username, query.name));
    refresh();
    select(query.name);
    setStatus(tr("Saved \"%1\".").arg(query.name));
    return true;
}

bool GraphSavedQueriesPanel::removeSelected()
{
    const QString name = selectedName();
    if (name.isEmpty() || !m_graph)
        return false;
    if (!m_interaction.confirm(
            this, tr("Delete saved query"),
            tr("Delete the saved query \"%1\"? Exported copies are not affected.").arg(name)))
        return false;
    if (auto st = m_graph->removeQuery(m_session, name); !st) {
        m_interaction.showError(this, tr("Cannot delete \"%1\"").arg(name), st.error().message);
        return false;
    }
    refresh();
    setStatus(tr("Deleted \"%1\".").arg(name));
    return true;
}

bool GraphSavedQueriesPanel::exportToFile()
{
    if (!m_graph)
        return false;
    const QString file =
        m_interaction.chooseSaveFile(this, tr("Export saved queries"),
                                     QStringLiteral("gatehouse-queries.json"), tr("JSON files (*.json)"));
    if (file.isEmpty())
        return false;
    auto bytes = m_graph->exportQueries(m_session);
    if (!bytes) {
        m_interaction.showError(this, tr("Export failed"), bytes.error().message);
        return false;
    }
    QSaveFile out(file);
    if (!out.open(QIODevice::WriteOnly) || out.write(*bytes) != bytes->size() || !out.commit()) {
        m_interaction.showError(this, tr("Export failed"),
                                tr("%1: cannot write (%2)").arg(file, out.errorString()));
        return false;
    }
    setStatus(
        tr("Exported %1 to %2.")
            .arg(countText(m_queries.size(), tr("%1 query"), tr("%1 queries")), QFileInfo(file).fileName()));
    return true;
}

int GraphSavedQueriesPanel::importFromFile()
{
    if (!m_graph)
        return -1;
    const QString file = m_interaction.chooseOpenFile(this, tr("Import saved queries"),
                                                      tr("JSON files (*.json);;All files (*)"));
    if (file.isEmpty())
        return -1;
    QFile in(file);
    if (!QFileInfo(file).isFile() || !in.open(QIODevice::ReadOnly)) {
        m_interaction.showError(this, tr("Import failed"),
                                tr("%1: cannot read (%2)").arg(file, in.errorString()));
        return -1;
    }
    // One byte past the limit is enough for the service to refuse an oversized file; a
    // mistaken choice of a huge file is never read whole.
    const QByteArray bytes = in.read(PermissionGraphService::kMaxQueryImportBytes + 1);
    auto count = m_graph->importQueries(m_session, bytes);
    if (!count) {
        m_interaction.showError(this, tr("Import failed: nothing was imported"), count.error().message);
        return -1;
    }
    refresh();
    setStatus(tr("Imported %1 from %2.")
                  .arg(countText(*count, tr("%1 query"), tr("%1 queries")), QFileInfo(file).fileName()));
    return *count;
}

void GraphSavedQueriesPanel::setStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? QStringLiteral("QLabel { color: #8a1111; }") : QString());
}

} // namespace gatehouse
