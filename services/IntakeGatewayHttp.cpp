#include "IntakeGatewayHttp.h"

namespace gatehouse {

namespace {

bool isTokenChar(char c)
{
    // RFC 9110 5.6.2 tchar
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(const QByteArray& s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

bool hasForbiddenBytes(const QByteArray& s)
{
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((u < 0x20 && c != '\t') || u == 0x7f)
            return true;
    }
    return false;
}

} // namespace

QByteArray HttpRequest::header(const QByteArray& lowerName) const
{
    for (const auto& [name, value] : headers) {
        if (name == lowerName)
            return value;
    }
    return {};
}

void IntakeGatewayHttp::reset()
{
    m_request = HttpRequest{};
    m_inBody = false;
    m_contentLength = 0;
    m_errorStatus = 0;
    m_errorMessage.clear();
}

IntakeGatewayHttp::Progress IntakeGatewayHttp::failWith(int status, const char* message)
{
    m_errorStatus = status;
    m_errorMessage = message;
    return Progress::Failed;
}

qsizetype IntakeGatewayHttp::wantBytes(const QByteArray& buffer) const
{
    if (m_inBody)
        return std::max<qsizetype>(0, m_contentLength - buffer.size());
    // One byte past the limit is enough to know the limit was passed.
    return std::max<qsizetype>(0, m_limits.maxHeaderBytes + 1 - buffer.size());
}

IntakeGatewayHttp::Progress IntakeGatewayHttp::advance(QByteArray& buffer)
{
    if (!m_inBody) {
        // Tolerate empty lines before a request line (RFC 9112 2.2).
        while (buffer.startsWith("\r\n"))
            buffer.remove(0, 2);
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0) {
            if (buffer.size() > m_limits.maxHeaderBytes)
                return failWith(431, "request header fields too large");
            return Progress::NeedMore;
        }
        if (end + 4 > m_limits.maxHeaderBytes)
            return failWith(431, "request header fields too large");
        const Progress p = parseHeaders(buffer.left(end));
        if (p == Progress::Failed)
            return p;
        buffer.remove(0, end + 4);
        m_inBody = true;
        if (m_contentLength > 0 && buffer.size() < m_contentLength)
            return Progress::HeadersComplete;
    }
    if (buffer.size() < m_contentLength)
        return Progress::NeedMore;
    m_request.body = buffer.left(m_contentLength);
    buffer.remove(0, m_contentLength);
    m_inBody = false;
    return Progress::Complete;
}

IntakeGatewayHttp::Progress IntakeGatewayHttp::parseHeaders(const QByteArray& block)
{
    const QList<QByteArray> lines = block.split('\n');
    if (lines.size() - 1 > m_limits.maxHeaders)
        return failWith(431, "too many header fields");
    QList<QByteArray> cleaned;
    for (const QByteArray& raw : lines) {
        if (!raw.endsWith('\r') && &raw != &lines.last())
            return failWith(400, "bare LF in the request head");
        cleaned << (raw.endsWith('\r') ? raw.chopped(1) : raw);
    }
    const QList<QByteArray> requestLine = cleaned.first().split(' ');
    if (requestLine.size() != 3 || !isToken(requestLine[0]) || requestLine[1].isEmpty() ||
        hasForbiddenBytes(requestLine[1]))
        return failWith(400, "malformed request line");
    const QByteArray version = requestLine[2];
    if (version != "HTTP/1.1" && version != "HTTP/1.0")
        return failWith(505, "only HTTP/1.1 and HTTP/1.0 are supported");
    if (!requestLine[1].startsWith('/'))
        return failWith(400, "the request target must be an absolute path");
    m_request.method = requestLine[0];
    m_request.target = requestLine[1];
    const qsizetype q = m_request.target.indexOf('?');
    m_request.path = q < 0 ? m_request.target : m_request.target.left(q);

    bool haveLength = false;
    for (qsizetype i = 1; i < cleaned.size(); ++i) {
        const QByteArray& line = cleaned[i];
        if (line.startsWith(' ') || line.startsWith('\t'))
            return failWith(400, "obsolete header line folding");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return failWith(400, "malformed header field");
        const QByteArray name = line.left(colon).toLower();
        const QByteArray value = line.mid(colon + 1).trimmed();
        if (!isToken(name))
            return failWith(400, "malformed header field name");
        if (hasForbiddenBytes(value))
            return failWith(400, "control characters in a header field value");
        m_request.headers.append({name, value});
        if (name == "content-length") {
            bool ok = false;
            for (char c : value) {
                if (c < '0' || c > '9')
                    return failWith(400, "invalid Content-Length");
            }
            const qlonglong n = value.size() <= 18 ? value.toLongLong(&ok) : -1;
            if (!ok || n < 0)
                return failWith(n < 0 && value.size() > 18 ? 413 : 400, "invalid Content-Length");
            if (haveLength && n != m_contentLength)
                return failWith(400, "conflicting Content-Length fields");
            haveLength = true;
            m_contentLength = static_cast<qsizetype>(n);
        } else if (name == "transfer-encoding") {
            return failWith(501, "Transfer-Encoding is not supported; send Content-Length");
        }
    }
    if (m_contentLength > m_limits.maxBodyBytes)
        return failWith(413, "the body is larger than 64 KiB");
    const QByteArray connection = m_request.header("connection").toLower();
    m_request.keepAlive =
        version == "HTTP/1.1" ? !connection.contains("close") : connection.contains("keep-alive");
    m_request.expectContinue = m_request.header("expect").toLower() == "100-continue";
    return Progress::HeadersComplete;
}

} // namespace gatehouse
