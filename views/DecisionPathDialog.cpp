#include "DecisionPathDialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QKeySequence>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QShortcut>
#include <QTabWidget>
#include <QVBoxLayout>

#include "FrameworkCatalog.h"

namespace gatehouse {

namespace {

constexpr int kCodeRole = Qt::UserRole + 1;

QStringList nonEmptyLines(const QString& text)
{
    QStringList out;
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (const QString& line : lines) {
        const QString trimmed = line.trimmed();
        if (!trimmed.isEmpty())
            out << trimmed;
    }
    return out;
}

QStringList checkedCodes(const QListWidget* list)
{
    QStringList out;
    for (int i = 0; i < list->count(); ++i) {
        const QListWidgetItem* item = list->item(i);
        if (item->checkState() == Qt::Checked)
            out << item->data(kCodeRole).toString();
    }
    return out;
}

void setCheckedCodes(QListWidget* list, const QStringList& codes)
{
    for (int i = 0; i < list->count(); ++i) {
        QListWidgetItem* item = list->item(i);
        item->setCheckState(codes.contains(item->data(kCodeRole).toString()) ? Qt::Checked : Qt::Unchecked);
    }
}

/// Issues of the four framework lists share one message area under the tabs.
QString issueKey(const QString& field)
{
    return field.startsWith(QLatin1String("frameworks")) ? QStringLiteral("frameworks") : field;
}

QWidget* stacked(QWidget* field, QLabel* issue, QWidget* parent)
{
    auto* box = new QWidget(parent);
    // Rows keep their natural height, so a field and its label stay aligned at the top.
    box->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(field);
    layout->addWidget(issue);
    return box;
}

} // namespace

DecisionPathDialog::DecisionPathDialog(Mode mode, const DecisionPath& initial,
                                       const QStringList& ownerCandidates, const QDate& today,
                                       QWidget* parent)
    : QDialog(parent), m_mode(mode), m_original(initial), m_today(today)
{
    setObjectName(QStringLiteral("decisionPathDialog"));
    m_filling = true; // no validation until every widget exists; setPath() ends this
    setWindowTitle(mode == Mode::Create ? tr("New decision path")
                                        : tr("Edit decision path %1").arg(initial.id));
    setSizeGripEnabled(true);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("statusLabel"));

    auto* columns = new QHBoxLayout;
    columns->addWidget(buildIdentitySection(), 5);
    auto* right = new QVBoxLayout;
    right->addWidget(buildRiskSection());
    right->addWidget(buildFrameworkSection(), 1);
    columns->addLayout(right, 4);

    m_owner->addItems(ownerCandidates);

    m_activationNote = new QLabel(this);
    m_activationNote->setObjectName(QStringLiteral("activationNote"));
    m_activationNote->setWordWrap(true);
    m_activationNote->setForegroundRole(QPalette::PlaceholderText);

    m_saveError = new QLabel(this);
    m_saveError->setObjectName(QStringLiteral("saveError"));
    m_saveError->setWordWrap(true);
    m_saveError->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_saveError->setStyleSheet(
        QStringLiteral("QLabel { color: #8a1111; background: #fdecea; border: 1px solid "
                       "#f5c2bd; border-radius: 3px; padding: 6px; }"));
    m_saveError->hide();

    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("notice"));
    m_notice->setWordWrap(true);
    m_notice->setStyleSheet(QStringLiteral("QLabel { color: #0b3d66; background: #e8f1fb; border: 1px solid "
                                           "#b9d3ee; border-radius: 3px; padding: 6px; }"));
    m_notice->hide();

    // Plain buttons rather than QDialogButtonBox, which would make Save the default
    // button: Return inside a field must not save half-typed input, only Ctrl+Return.
    m_saveButton = new QPushButton(tr("Save"), this);
    m_saveButton->setObjectName(QStringLiteral("saveButton"));
    m_saveButton->setToolTip(tr("Save (Ctrl+Return)"));
    auto* cancel = new QPushButton(tr("Cancel"), this);
    cancel->setObjectName(QStringLiteral("cancelButton"));
    cancel->setToolTip(tr("Cancel (Esc)"));
    m_saveButton->setAutoDefault(false);
    cancel->setAutoDefault(false);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_saveButton);
    buttons->addWidget(cancel);
    connect(m_saveButton, &QPushButton::clicked, this, &DecisionPathDialog::save);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);

    for (const QKeySequence& keys :
         {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)}) {
        auto* shortcut = new QShortcut(keys, this);
        connect(shortcut, &QShortcut::activated, this, &DecisionPathDialog::save);
    }

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_statusLabel);
    layout->addLayout(columns, 1);
    layout->addWidget(m_activationNote);
    layout->addWidget(m_notice);
    layout->addWidget(m_saveError);
    layout->addLayout(buttons);

    setPath(initial);
    if (mode == Mode::Edit) {
        m_id->setToolTip(tr("The id of a stored path cannot change."));
        m_id->setStyleSheet(QStringLiteral("QLineEdit { background: palette(window); }"));
    }
    (mode == Mode::Edit ? m_name : m_id)->setFocus();
    resize(1040, 660);
}

QWidget* DecisionPathDialog::buildIdentitySection()
{
    auto* box = new QGroupBox(tr("Decision path"), this);
    auto* form = new QFormLayout(box);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    auto addRow = [&](const QString& label, QWidget* field, const QString& key, const QString& objectName) {
        field->setObjectName(objectName);
        form->addRow(label, stacked(field, addIssueLabel(key), box));
    };

    m_id = new QLineEdit(box);
    m_id->setPlaceholderText(tr("e.g. soc-isolate-endpoint"));
    addRow(tr("&ID:"), m_id, QStringLiteral("id"), QStringLiteral("idEdit"));

    m_name = new QLineEdit(box);
    addRow(tr("&Name:"), m_name, QStringLiteral("name"), QStringLiteral("nameEdit"));

    m_description = new QPlainTextEdit(box);
    m_description->setTabChangesFocus(true);
    m_description->setFixedHeight(m_description->fontMetrics().lineSpacing() * 3 + 12);
    addRow(tr("&Description:"), m_description, QStringLiteral("description"),
           QStringLiteral("descriptionEdit"));

    m_owner = new QComboBox(box);
    m_owner->setEditable(true);
    m_owner->setInsertPolicy(QComboBox::NoInsert);
    addRow(tr("Accountable &owner:"), m_owner, QStringLiteral("owner"), QStringLiteral("ownerCombo"));

    m_team = new QLineEdit(box);
    addRow(tr("&Team:"), m_team, QStringLiteral("team"), QStringLiteral("teamEdit"));

    m_aiComponent = new QLineEdit(box);
    m_aiComponent->setPlaceholderText(tr("agent or model name and version"));
    addRow(tr("&AI component:"), m_aiComponent, QStringLiteral("ai_component"),
           QStringLiteral("aiComponentEdit"));

    m_environment = new QComboBox(box);
    m_environment->setEditable(true);
    m_environment->setInsertPolicy(QComboBox::NoInsert);
    m_environment->addItems({QString(), QStringLiteral("production"), QStringLiteral("staging"),
                             QStringLiteral("development"), QStringLiteral("test")});
    addRow(tr("&Environment:"), m_environment, QStringLiteral("environment"),
           QStringLiteral("environmentCombo"));

    m_workload = new QLineEdit(box);
    m_workload->setPlaceholderText(tr("spiffe://trust-domain/path"));
    addRow(tr("&Workload identity:"), m_workload, QStringLiteral("workload_id"),
           QStringLiteral("workloadEdit"));

    m_actionTypes = new QPlainTextEdit(box);
    m_actionTypes->setTabChangesFocus(true);
    m_actionTypes->setPlaceholderText(tr("one per line, e.g. iam.role.assign"));
    m_actionTypes->setFixedHeight(m_actionTypes->fontMetrics().lineSpacing() * 4 + 12);
    addRow(tr("Action t&ypes:"), m_actionTypes, QStringLiteral("action_types"),
           QStringLiteral("actionTypesEdit"));

    m_targets = new QPlainTextEdit(box);
    m_targets->setTabChangesFocus(true);
    m_targets->setPlaceholderText(tr("one pattern per line; * matches any run of characters"));
    m_targets->setFixedHeight(m_targets->fontMetrics().lineSpacing() * 3 + 12);
    addRow(tr("Ta&rgets:"), m_targets, QStringLiteral("targets"), QStringLiteral("targetsEdit"));

    connect(m_id, &QLineEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_name, &QLineEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_description, &QPlainTextEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_owner, &QComboBox::currentTextChanged, this, &DecisionPathDialog::revalidate);
    connect(m_team, &QLineEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_aiComponent, &QLineEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_environment, &QComboBox::currentTextChanged, this, &DecisionPathDialog::revalidate);
    connect(m_workload, &QLineEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_actionTypes, &QPlainTextEdit::textChanged, this, &DecisionPathDialog::revalidate);
    connect(m_targets, &QPlainTextEdit::textChanged, this, &DecisionPathDialog::revalidate);
    return box;
}

QWidget* DecisionPathDialog::buildRiskSection()
{
    auto* box = new QGroupBox(tr("Risk"), this);
    auto* form = new QFormLayout(box);

    m_tier = new QComboBox(box);
    m_tier->setObjectName(QStringLiteral("tierCombo"));
    m_tier->addItem(tr("— choose —"));
    for (SeverityTier tier : {SeverityTier::T0, SeverityTier::T1, SeverityTier::T2, SeverityTier::T3})
        m_tier->addItem(severityTierCode(tier) + QStringLiteral(" — ") + severityTierLabel(tier),
                        static_cast<int>(tier));
    form->addRow(tr("Severity t&ier:"), m_tier);

    m_reversibility = new QComboBox(box);
    m_reversibility->setObjectName(QStringLiteral("reversibilityCombo"));
    for (Reversibility r :
         {Reversibility::Reversible, Reversibility::HardToReverse, Reversibility::Irreversible})
        m_reversibility->addItem(reversibilityLabel(r), static_cast<int>(r));
    form->addRow(tr("Re&versibility:"), m_reversibility);

    m_confidence = new QDoubleSpinBox(box);
    m_confidence->setObjectName(QStringLiteral("confidenceSpin"));
    m_confidence->setRange(0.0, 1.0);
    m_confidence->setDecimals(3);
    m_confidence->setSingleStep(0.05);
    m_confidence->setToolTip(tr("Requests with a model confidence below this threshold go to review."));
    form->addRow(tr("&Confidence threshold:"),
                 stacked(m_confidence, addIssueLabel(QStringLiteral("confidence_threshold")), box));

    auto* review = new QWidget(box);
    auto* reviewLayout = new QHBoxLayout(review);
    reviewLayout->setContentsMargins(0, 0, 0, 0);
    m_reviewScheduled = new QCheckBox(tr("scheduled"), review);
    m_reviewScheduled->setObjectName(QStringLiteral("reviewScheduledCheck"));
    m_reviewDate = new QDateEdit(review);
    m_reviewDate->setObjectName(QStringLiteral("reviewDateEdit"));
    m_reviewDate->setCalendarPopup(true);
    m_reviewDate->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
    m_reviewDate->setSpecialValueText(tr("not scheduled"));
    reviewLayout->addWidget(m_reviewScheduled);
    reviewLayout->addWidget(m_reviewDate, 1);
    form->addRow(tr("Next re&view:"), review);

    connect(m_tier, &QComboBox::currentIndexChanged, this, &DecisionPathDialog::revalidate);
    connect(m_reversibility, &QComboBox::currentIndexChanged, this, &DecisionPathDialog::revalidate);
    connect(m_confidence, &QDoubleSpinBox::valueChanged, this, &DecisionPathDialog::revalidate);
    connect(m_reviewDate, &QDateEdit::dateChanged, this, &DecisionPathDialog::revalidate);
    connect(m_reviewScheduled, &QCheckBox::toggled, this, [this](bool scheduled) {
        m_reviewDate->setEnabled(scheduled);
        if (scheduled && !m_filling && m_reviewDate->date() <= m_reviewDate->minimumDate())
            m_reviewDate->setDate(m_today.addDays(90));
        revalidate();
    });
    return box;
}

QListWidget* DecisionPathDialog::makeCodeList(const QString& objectName, const QStringList& codes)
{
    auto* list = new QListWidget(this);
    list->setObjectName(objectName);
    for (const QString& code : codes) {
        auto* item = new QListWidgetItem(code + QStringLiteral("  ") + FrameworkCatalog::title(code), list);
        item->setData(kCodeRole, code);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    connect(list, &QListWidget::itemChanged, this, &DecisionPathDialog::revalidate);
    return list;
}

QWidget* DecisionPathDialog::buildFrameworkSection()
{
    auto* box = new QGroupBox(tr("Framework mapping"), this);
    auto* layout = new QVBoxLayout(box);
    m_frameworkTabs = new QTabWidget(box);
    m_frameworkTabs->setObjectName(QStringLiteral("frameworkTabs"));
    m_owasp = makeCodeList(QStringLiteral("owaspList"), FrameworkCatalog::owaspAgenticCodes());
    m_maestro = makeCodeList(QStringLiteral("maestroList"), FrameworkCatalog::maestroLayerCodes());
    m_nistCsf = makeCodeList(QStringLiteral("nistCsfList"), FrameworkCatalog::nistCsfCategoryCodes());
    m_nistAiRmf = new QPlainTextEdit(this);
    m_nistAiRmf->setObjectName(QStringLiteral("nistAiRmfEdit"));
    m_nistAiRmf->setTabChangesFocus(true);
    m_nistAiRmf->setPlaceholderText(tr("one subcategory per line, e.g.\nGOVERN 1.1\nMANAGE 4.1"));
    connect(m_nistAiRmf, &QPlainTextEdit::textChanged, this, &DecisionPathDialog::revalidate);
    m_frameworkTabs->addTab(m_owasp, QString());
    m_frameworkTabs->addTab(m_maestro, QString());
    m_frameworkTabs->addTab(m_nistAiRmf, QString());
    m_frameworkTabs->addTab(m_nistCsf, QString());
    m_frameworkTabs->setTabToolTip(0, tr("OWASP Top 10 for Agentic Applications (ASI01-ASI10)"));
    m_frameworkTabs->setTabToolTip(1, tr("CSA MAESTRO agentic threat-modelling layers (L1-L7)"));
    m_frameworkTabs->setTabToolTip(2, tr("NIST AI RMF 1.0 subcategories, e.g. GOVERN 1.1"));
    m_frameworkTabs->setTabToolTip(3, tr("NIST CSF 2.0 categories, e.g. PR.AA"));
    layout->addWidget(m_frameworkTabs, 1);
    layout->addWidget(addIssueLabel(QStringLiteral("frameworks")));
    return box;
}

QLabel* DecisionPathDialog::addIssueLabel(const QString& field)
{
    auto* label = new QLabel(this);
    label->setObjectName(QStringLiteral("issue_") + field);
    label->setWordWrap(true);
    label->setStyleSheet(QStringLiteral("QLabel { color: #b01c1c; }"));
    label->hide();
    m_issueLabels.insert(field, label);
    return label;
}

void DecisionPathDialog::setPath(const DecisionPath& path)
{
    setPath(path, path);
}

void DecisionPathDialog::setPath(const DecisionPath& base, const DecisionPath& path)
{
    m_filling = true;
    m_original = base;
    m_id->setText(path.id);
    m_id->setReadOnly(m_mode == Mode::Edit);
    m_name->setText(path.name);
    m_description->setPlainText(path.description);
    m_owner->setCurrentText(path.owner);
    m_team->setText(path.team);
    m_aiComponent->setText(path.aiComponent);
    m_environment->setCurrentText(path.environment);
    m_workload->setText(path.workloadId);
    m_actionTypes->setPlainText(path.actionTypes.join(QLatin1Char('\n')));
    m_targets->setPlainText(path.targets.join(QLatin1Char('\n')));
    m_tier->setCurrentIndex(path.tier ? m_tier->findData(static_cast<int>(*path.tier)) : 0);
    m_reversibility->setCurrentIndex(m_reversibility->findData(static_cast<int>(path.reversibility)));
    m_confidence->setValue(path.confidenceThreshold);
    m_reviewDate->setMinimumDate(QDate(2000, 1, 1));
    m_reviewScheduled->setChecked(path.nextReviewDate.isValid());
    m_reviewDate->setEnabled(path.nextReviewDate.isValid());
    m_reviewDate->setDate(path.nextReviewDate.isValid() ? path.nextReviewDate : m_reviewDate->minimumDate());
    setCheckedCodes(m_owasp, path.frameworks.owaspAgentic);
    setCheckedCodes(m_maestro, path.frameworks.maestroLayers);
    setCheckedCodes(m_nistCsf, path.frameworks.nistCsf);
    m_nistAiRmf->setPlainText(path.frameworks.nistAiRmf.join(QLatin1Char('\n')));

    m_statusLabel->setText(
        m_mode == Mode::Create
            ? tr("A new path is stored as a draft; activate it from the catalogue.")
            : tr("Status: %1 · version %2").arg(pathStatusName(base.status)).arg(base.version));
    m_filling = false;
    m_saveError->hide();
    m_notice->hide();
    revalidate();
}

DecisionPath DecisionPathDialog::path() const
{
    DecisionPath p = m_original;
    p.id = m_id->text().trimmed();
    p.name = m_name->text().trimmed();
    p.description = m_description->toPlainText().trimmed();
    p.owner = m_owner->currentText().trimmed();
    p.team = m_team->text().trimmed();
    p.aiComponent = m_aiComponent->text().trimmed();
    p.environment = m_environment->currentText().trimmed();
    p.workloadId = m_workload->text().trimmed();
    p.actionTypes = nonEmptyLines(m_actionTypes->toPlainText());
    p.targets = nonEmptyLines(m_targets->toPlainText());
    const QVariant tier = m_tier->currentData();
    p.tier =
        tier.isValid() ? std::optional<SeverityTier>(static_cast<SeverityTier>(tier.toInt())) : std::nullopt;
    p.reversibility = static_cast<Reversibility>(m_reversibility->currentData().toInt());
    // The spin box shows three decimals; a stored value with more keeps its precision unless
    // the user actually changed the number (otherwise an unrelated edit would rewrite it).
    const double shown = m_confidence->value();
    p.confidenceThreshold =
        qFuzzyCompare(1.0 + shown, 1.0 + m_confidence->valueFromText(
                                             m_confidence->textFromValue(m_original.confidenceThreshold)))
            ? m_original.confidenceThreshold
            : shown;
    p.nextReviewDate = m_reviewScheduled->isChecked() ? m_reviewDate->date() : QDate();
    p.frameworks.owaspAgentic = checkedCodes(m_owasp);
    p.frameworks.maestroLayers = checkedCodes(m_maestro);
    p.frameworks.nistCsf = checkedCodes(m_nistCsf);
    p.frameworks.nistAiRmf = nonEmptyLines(m_nistAiRmf->toPlainText());
    return p;
}

void DecisionPathDialog::revalidate()
{
    if (m_filling)
        return;
    const DecisionPath current = path();
    m_issues = DecisionPathValidator::validateFields(current);

    QHash<QString, QStringList> byField;
    for (const FieldIssue& issue : std::as_const(m_issues)) {
        const QString key = issueKey(issue.field);
        byField[m_issueLabels.contains(key) ? key : QStringLiteral("id")] << issue.message;
    }
    for (auto it = m_issueLabels.cbegin(); it != m_issueLabels.cend(); ++it) {
        const QStringList messages = byField.value(it.key());
        it.value()->setText(messages.join(QLatin1Char('\n')));
        it.value()->setVisible(!messages.isEmpty());
    }

    const QList<FieldIssue> blockers = DecisionPathValidator::activationBlockers(current);
    if (blockers.isEmpty() || current.status != PathStatus::Draft) {
        m_activationNote->hide();
    } else {
        QStringList needed;
        for (const FieldIssue& blocker : blockers)
            needed << blocker.message;
        m_activationNote->setText(tr("Can be saved as a draft. To activate it, it still needs: %1.")
                                      .arg(needed.join(QStringLiteral(", "))));
        m_activationNote->show();
    }
    updateFrameworkTabTitles();
    m_saveButton->setEnabled(m_issues.isEmpty());
}

void DecisionPathDialog::updateFrameworkTabTitles()
{
    const DecisionPath p = path();
    auto title = [](const QString& name, qsizetype n) {
        return n == 0 ? name : QStringLiteral("%1 (%2)").arg(name).arg(n);
    };
    m_frameworkTabs->setTabText(0, title(tr("OWASP"), p.frameworks.owaspAgentic.size()));
    m_frameworkTabs->setTabText(1, title(tr("MAESTRO"), p.frameworks.maestroLayers.size()));
    m_frameworkTabs->setTabText(2, title(tr("AI RMF"), p.frameworks.nistAiRmf.size()));
    m_frameworkTabs->setTabText(3, title(tr("CSF 2.0"), p.frameworks.nistCsf.size()));
}

void DecisionPathDialog::showSaveError(const QString& message)
{
    m_saveError->setText(message);
    m_saveError->setVisible(!message.isEmpty());
}

QString DecisionPathDialog::saveError() const
{
    return m_saveError->isHidden() ? QString() : m_saveError->text();
}

void DecisionPathDialog::showNotice(const QString& message)
{
    m_notice->setText(message);
    m_notice->setVisible(!message.isEmpty());
}

QString DecisionPathDialog::notice() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

void DecisionPathDialog::save()
{
    revalidate();
    if (!m_saveButton->isEnabled())
        return;
    showSaveError(QString());
    if (!m_saveHandler || m_saveHandler(path()))
        accept();
}

} // namespace gatehouse
