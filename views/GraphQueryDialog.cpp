#include "GraphQueryDialog.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QSpinBox>
#include <QVBoxLayout>

#include "EditorDialogParts.h"

namespace gatehouse {

namespace {

enum class TargetChoice
{
    TierZero,
    Sensitive,
    Nodes,
};

QStringList idLines(const QPlainTextEdit* edit)
{
    QStringList ids;
    const QStringList lines = edit->toPlainText().split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const QString id = line.trimmed();
        if (!id.isEmpty() && !ids.contains(id))
            ids << id;
    }
    return ids;
}

QPlainTextEdit* idEdit(QWidget* parent, const QString& objectName, int lines)
{
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(objectName);
    edit->setTabChangesFocus(true);
    edit->setLineWrapMode(QPlainTextEdit::NoWrap);
    edit->setPlaceholderText(GraphQueryDialog::tr("one node id per line"));
    edit->setFixedHeight(edit->fontMetrics().lineSpacing() * lines + 12);
    return edit;
}

} // namespace

GraphQueryDialog::GraphQueryDialog(const GraphSavedQuery& initial, QWidget* parent) : QDialog(parent)
{
    setObjectName(QStringLiteral("graphQueryDialog"));
    setWindowTitle(tr("Save path query"));
    setSizeGripEnabled(true);

    m_name = new QLineEdit(initial.name, this);
    m_name->setObjectName(QStringLiteral("queryNameEdit"));
    m_name->setPlaceholderText(tr("e.g. AI paths to Tier Zero"));
    m_description = new QPlainTextEdit(initial.description, this);
    m_description->setObjectName(QStringLiteral("queryDescriptionEdit"));
    m_description->setTabChangesFocus(true);
    m_description->setPlaceholderText(tr("What the query answers, for whoever runs it next"));
    m_description->setFixedHeight(m_description->fontMetrics().lineSpacing() * 3 + 12);

    const GraphPathQuery query = GraphPathQuery::fromJson(initial.query).value_or(GraphPathQuery{});
    m_starts = idEdit(this, QStringLiteral("queryStartsEdit"), 3);
    m_starts->setPlainText(query.from.join(QLatin1Char('\n')));
    m_target = new QComboBox(this);
    m_target->setObjectName(QStringLiteral("queryTargetCombo"));
    m_target->addItem(tr("Tier Zero"), static_cast<int>(TargetChoice::TierZero));
    m_target->addItem(tr("every sensitive target (Tier Zero, zone members, sensitive)"),
                      static_cast<int>(TargetChoice::Sensitive));
    m_target->addItem(tr("these nodes"), static_cast<int>(TargetChoice::Nodes));
    const TargetChoice choice = query.toSensitive  ? TargetChoice::Sensitive
                                : query.toTierZero ? TargetChoice::TierZero
                                                   : TargetChoice::Nodes;
    m_target->setCurrentIndex(m_target->findData(static_cast<int>(choice)));
    m_targets = idEdit(this, QStringLiteral("queryTargetsEdit"), 3);
    m_targets->setPlainText(query.to.join(QLatin1Char('\n')));
    m_k = new QSpinBox(this);
    m_k->setObjectName(QStringLiteral("queryKSpin"));
    m_k->setRange(1, 50);
    m_k->setValue(qBound(1, query.k, 50));
    m_k->setToolTip(tr("Alternative paths, shortest first"));
    m_maxHops = new QSpinBox(this);
    m_maxHops->setObjectName(QStringLiteral("queryMaxHopsSpin"));
    m_maxHops->setRange(0, 1000);
    m_maxHops->setSpecialValueText(tr("any"));
    m_maxHops->setValue(qBound(0, query.maxHops, 1000));
    auto* numbers = new QHBoxLayout;
    numbers->addWidget(new QLabel(tr("up to"), this));
    numbers->addWidget(m_k);
    numbers->addWidget(new QLabel(tr("paths, at most"), this));
    numbers->addWidget(m_maxHops);
    numbers->addWidget(new QLabel(tr("hops"), this));
    numbers->addStretch(1);

    auto* form = new QFormLayout;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Description:"), m_description);
    form->addRow(tr("&Start nodes:"), m_starts);
    form->addRow(tr("&Paths to:"), m_target);
    form->addRow(tr("&Target nodes:"), m_targets);
    form->addRow(tr("Paths:"), numbers);

    m_parts = EditorDialogParts::create(this, QStringLiteral("queryIssue"), [this] { save(); });
    m_saveButton = m_parts.saveButton;
    QHBoxLayout* buttons = m_parts.buttons;

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_parts.issue);
    layout->addStretch(1);
    layout->addWidget(m_parts.saveError);
    layout->addLayout(buttons);

    connect(m_name, &QLineEdit::textChanged, this, &GraphQueryDialog::revalidate);
    for (QPlainTextEdit* edit : {m_description, m_starts, m_targets})
        connect(edit, &QPlainTextEdit::textChanged, this, &GraphQueryDialog::revalidate);
    connect(m_target, &QComboBox::currentIndexChanged, this, &GraphQueryDialog::revalidate);
    connect(m_k, &QSpinBox::valueChanged, this, &GraphQueryDialog::revalidate);
    connect(m_maxHops, &QSpinBox::valueChanged, this, &GraphQueryDialog::revalidate);
    revalidate();
    m_name->setFocus();
    resize(640, 440);
}

GraphSavedQuery GraphQueryDialog::savedQuery() const
{
    GraphPathQuery query;
    query.from = idLines(m_starts);
    const auto choice = static_cast<TargetChoice>(m_target->currentData().toInt());
    query.toTierZero = choice == TargetChoice::TierZero;
    query.toSensitive = choice == TargetChoice::Sensitive;
    if (choice == TargetChoice::Nodes)
        query.to = idLines(m_targets);
    query.k = m_k->value();
    query.maxHops = m_maxHops->value();
    return GraphSavedQuery{m_name->text().trimmed(), m_description->toPlainText(), query.toJson(), {}, {}};
}

void GraphQueryDialog::revalidate()
{
    m_targets->setEnabled(static_cast<TargetChoice>(m_target->currentData().toInt()) == TargetChoice::Nodes);
    m_parts.showIssue(PermissionGraphService::validateSavedQuery(savedQuery()));
}

QString GraphQueryDialog::issue() const
{
    return m_parts.issueText();
}

void GraphQueryDialog::showSaveError(const QString& message)
{
    m_parts.showSaveError(message);
}

QString GraphQueryDialog::saveError() const
{
    return m_parts.saveErrorText();
}

void GraphQueryDialog::save()
{
    revalidate();
    if (!m_saveButton->isEnabled())
        return;
    showSaveError(QString());
    if (!m_saveHandler || m_saveHandler(savedQuery()))
        accept();
}

} // namespace gatehouse
