#include "stuckclient.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

StuckClient::StuckClient(quint16 port, const QByteArray &request)
{
    m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
    int size = 4096;
    ::setsockopt(m_fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size); // before connect: small window
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    m_ok = ::connect(m_fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) == 0
        && ::send(m_fd, request.constData(), size_t(request.size()), 0) == request.size();
}

StuckClient::~StuckClient()
{
    ::close(m_fd);
}
