#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace gatehouse {

/// One HTTP/1.1 request as the gateway reads it.
struct HttpRequest
{
    QByteArray method;
    QByteArray target;                            ///< origin-form, e.g. "/v1/actions/abc?x=1"
    QByteArray path;                              ///< target without the query
    QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased, values trimmed
    QByteArray body;
    bool keepAlive = true;
    bool expectContinue = false;

    QByteArray header(const QByteArray& lowerName) const;
};

/// Limits of IntakeGatewayHttp.
struct HttpLimits
{
    qsizetype maxHeaderBytes = 16 * 1024;
    int maxHeaders = 64;
    qsizetype maxBodyBytes = 64 * 1024;
};

/// A small, bounded HTTP/1.1 request parser (RFC 9112) for the intake gateway. It is its
/// own because Qt 6.4's QAbstractHttpServer buffers a whole request body of any size and
/// has no read timeout; here every limit is checked before the bytes are read:
/// - request line + headers <= maxHeaderBytes (431), at most maxHeaders lines (431);
/// - Content-Length decides the body; larger than maxBodyBytes -> 413 as soon as the
///   headers are in, before any of the body is read; Transfer-Encoding -> 501 (chunked
///   bodies are not accepted: no ambiguity between the two framings, RFC 9112 6.3);
/// - malformed request line, header names, obsolete line folding, duplicate or invalid
///   Content-Length -> 400; anything but HTTP/1.0 and HTTP/1.1 -> 505.
class IntakeGatewayHttp
{
public:
    enum class Progress
    {
        NeedMore,        ///< wait for more bytes (at most wantBytes())
        HeadersComplete, ///< headers read and acceptable; the body follows (may already be buffered)
        Complete,        ///< request() is ready; consumed bytes were removed from the buffer
        Failed,          ///< errorStatus()/errorMessage() say why; close after answering
    };

    IntakeGatewayHttp() = default;
    explicit IntakeGatewayHttp(HttpLimits limits) : m_limits(limits) {}

    /// Parses from the front of \a buffer, removing what a completed request consumed.
    Progress advance(QByteArray& buffer);
    /// Most bytes worth reading now (so a read never exceeds the limits).
    qsizetype wantBytes(const QByteArray& buffer) const;
    /// True once any byte of the current request has arrived.
    bool started(const QByteArray& buffer) const { return m_inBody || !buffer.isEmpty(); }

    const HttpRequest& request() const { return m_request; }
    int errorStatus() const { return m_errorStatus; }
    QByteArray errorMessage() const { return m_errorMessage; }
    /// Forgets the current request, ready for the next one on the same connection.
    void reset();

private:
    Progress failWith(int status, const char* message);
    Progress parseHeaders(const QByteArray& block);

    HttpLimits m_limits;
    HttpRequest m_request;
    bool m_inBody = false;
    qsizetype m_contentLength = 0;
    int m_errorStatus = 0;
    QByteArray m_errorMessage;
};

} // namespace gatehouse
