#include "Logging.h"

#include <chrono>
#include <mutex>
#include <vector>

#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <QDir>

namespace gatehouse {

namespace {

std::mutex g_mutex;
std::vector<spdlog::sink_ptr> g_sinks;
spdlog::level::level_enum g_level = spdlog::level::info;

std::vector<spdlog::sink_ptr>& sinks()
{
    if (g_sinks.empty())
        g_sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    return g_sinks;
}

std::shared_ptr<spdlog::logger> loggerFor(const char* subsystem)
{
    std::lock_guard lock(g_mutex);
    if (auto existing = spdlog::get(subsystem))
        return existing;
    auto& s = sinks();
    auto logger = std::make_shared<spdlog::logger>(subsystem, s.begin(), s.end());
    logger->set_level(g_level);
    logger->flush_on(spdlog::level::warn);
    spdlog::register_logger(logger);
    return logger;
}

void qtMessageHandler(QtMsgType type, const QMessageLogContext&, const QString& message)
{
    auto logger = loggerFor("qt");
    const std::string text = message.toStdString();
    switch (type) {
    case QtDebugMsg:
        logger->debug(text);
        break;
    case QtInfoMsg:
        logger->info(text);
        break;
    case QtWarningMsg:
        logger->warn(text);
        break;
    case QtCriticalMsg:
        logger->error(text);
        break;
    case QtFatalMsg:
        logger->critical(text);
        logger->flush();
        std::abort();
    }
}

} // namespace

bool Logging::isValidLevel(const QString& level)
{
    static const QStringList kLevels = {
        QStringLiteral("trace"), QStringLiteral("debug"),    QStringLiteral("info"), QStringLiteral("warn"),
        QStringLiteral("error"), QStringLiteral("critical"), QStringLiteral("off")};
    return kLevels.contains(level);
}

bool Logging::init(const QString& logDir, const QString& level)
{
    bool fileOk = true;
    {
        std::lock_guard lock(g_mutex);
        g_level = spdlog::level::from_str(level.toStdString());
        auto& s = sinks();
        s.resize(1); // keep stderr, replace any earlier file sink
        s.front()->set_level(spdlog::level::trace);
        if (!logDir.isEmpty() && QDir().mkpath(logDir)) {
            try {
                const std::string file = QDir(logDir).filePath(QStringLiteral("gatehouse.log")).toStdString();
                s.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(file, 5 * 1024 * 1024, 5));
            } catch (const spdlog::spdlog_ex&) {
                fileOk = false;
            }
        } else {
            fileOk = false;
        }
        // Rebuild every registered logger so it picks up the new sinks and level.
        spdlog::drop_all();
    }
    // Info lines are buffered (only warnings flush at once); flush on a timer too, so a process
    // stopped by a signal still leaves its recent history in the file.
    spdlog::flush_every(std::chrono::seconds(2));
    qInstallMessageHandler(qtMessageHandler);
    if (!fileOk)
        warn("db", QStringLiteral("cannot write log files in %1; logging to stderr only").arg(logDir));
    return fileOk;
}

void Logging::info(const char* subsystem, const QString& message)
{
    loggerFor(subsystem)->info(message.toStdString());
}

void Logging::warn(const char* subsystem, const QString& message)
{
    loggerFor(subsystem)->warn(message.toStdString());
}

void Logging::error(const char* subsystem, const QString& message)
{
    loggerFor(subsystem)->error(message.toStdString());
}

void Logging::debug(const char* subsystem, const QString& message)
{
    loggerFor(subsystem)->debug(message.toStdString());
}

} // namespace gatehouse
