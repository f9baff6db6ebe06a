#include "TerminalPasswordSource.h"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstring>

#include <fcntl.h>
#include <termios.h>
#include <unistd.h>

#include <QByteArray>

namespace gatehouse {

namespace {

// State the signal handler needs to put the terminal back. Only async-signal-safe
// calls (tcsetattr, signal, raise) run in the handler.
volatile sig_atomic_t g_ttyFd = -1;
struct termios g_savedTermios;

constexpr std::array kRestoreSignals{SIGINT, SIGTERM, SIGQUIT, SIGHUP};
constexpr std::size_t kMaxPasswordBytes = 4096;

extern "C" void restoreTerminalAndReraise(int signo)
{
    if (g_ttyFd >= 0)
        ::tcsetattr(g_ttyFd, TCSAFLUSH, &g_savedTermios);
    ::signal(signo, SIG_DFL);
    ::raise(signo);
}

void writeAll(int fd, const QByteArray& bytes)
{
    const char* p = bytes.constData();
    qsizetype left = bytes.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, static_cast<size_t>(left));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        left -= n;
    }
}

/// Opens the controlling terminal and switches echo off for as long as it lives.
class NoEchoTerminal
{
public:
    NoEchoTerminal()
    {
        m_fd = ::open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
        if (m_fd < 0)
            return;
        struct termios t;
        if (::tcgetattr(m_fd, &t) != 0) {
            ::close(m_fd);
            m_fd = -1;
            return;
        }
        g_savedTermios = t;
        g_ttyFd = m_fd;
        struct sigaction sa;
        std::memset(&sa, 0, sizeof sa);
        sa.sa_handler = restoreTerminalAndReraise;
        sigemptyset(&sa.sa_mask);
        for (std::size_t i = 0; i < kRestoreSignals.size(); ++i)
            ::sigaction(kRestoreSignals[i], &sa, &m_oldActions[i]);
        t.c_lflag &= ~static_cast<tcflag_t>(ECHO | ECHOE | ECHOK | ECHONL);
        t.c_lflag |= ICANON;
        ::tcsetattr(m_fd, TCSAFLUSH, &t);
    }
    ~NoEchoTerminal()
    {
        if (m_fd < 0)
            return;
        ::tcsetattr(m_fd, TCSAFLUSH, &g_savedTermios);
        g_ttyFd = -1;
        for (std::size_t i = 0; i < kRestoreSignals.size(); ++i)
            ::sigaction(kRestoreSignals[i], &m_oldActions[i], nullptr);
        ::close(m_fd);
    }
    NoEchoTerminal(const NoEchoTerminal&) = delete;
    NoEchoTerminal& operator=(const NoEchoTerminal&) = delete;

    int fd() const { return m_fd; }

private:
    int m_fd = -1;
    std::array<struct sigaction, kRestoreSignals.size()> m_oldActions{};
};

} // namespace

Result<QString> TerminalPasswordSource::password(PasswordPurpose purpose, const QString& username)
{
    const char* variable = purpose == PasswordPurpose::NewAccount ? kNewPasswordVariable : kPasswordVariable;
    if (qEnvironmentVariableIsSet(variable))
        return qEnvironmentVariable(variable);

    if (purpose == PasswordPurpose::SignIn)
        return prompt(QStringLiteral("Password for %1: ").arg(username));

    auto first = prompt(QStringLiteral("New password for %1: ").arg(username));
    if (!first)
        return first;
    auto second = prompt(QStringLiteral("Repeat the password: "));
    if (!second)
        return second;
    if (*first != *second)
        return fail(ErrorCode::InvalidInput, QStringLiteral("the two passwords differ"));
    return first;
}

Result<QString> TerminalPasswordSource::prompt(const QString& promptText)
{
    NoEchoTerminal tty;
    if (tty.fd() < 0)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("no terminal to ask for a password on; set GATEHOUSE_PASSWORD "
                                   "(and GATEHOUSE_NEW_PASSWORD for a new account's password)"));
    writeAll(tty.fd(), promptText.toUtf8());

    std::array<char, kMaxPasswordBytes + 1> buffer{};
    std::size_t length = 0;
    bool tooLong = false;
    bool ended = false;
    while (!ended) {
        char c = 0;
        const ssize_t n = ::read(tty.fd(), &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0 || c == '\n' || c == '\r') {
            ended = true;
        } else if (length < kMaxPasswordBytes) {
            buffer[length++] = c;
        } else {
            tooLong = true;
        }
    }
    writeAll(tty.fd(), QByteArrayLiteral("\n"));

    const QString password = QString::fromUtf8(buffer.data(), static_cast<qsizetype>(length));
    ::explicit_bzero(buffer.data(), buffer.size());
    if (tooLong)
        return fail(ErrorCode::InvalidInput,
                    QStringLiteral("the password is longer than %1 bytes").arg(kMaxPasswordBytes));
    return password;
}

} // namespace gatehouse
