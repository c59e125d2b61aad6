import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A tiny HTTP/1.1 file server on 127.0.0.1 (an ephemeral port) for the fetch tests
/// (`AssetFetchTests`, and `lesson fetch` end to end in `LessonCLITests`).
///
/// It serves fixed bodies by path, honours `Range: bytes=N-` unless told not to, can
/// break a response off mid-file, and records every request's headers. It handles one
/// connection at a time, answers with `Connection: close`, and stops by itself after
/// `lifetime` seconds (or on `stop()`), so a test can never leave it running.
public final class LocalHTTPServer: @unchecked Sendable {
    /// How one path is served.
    public struct Route {
        public var body: Data
        public var status: Int
        /// When false the server ignores `Range` and always answers 200 with the whole body.
        public var honoursRange: Bool
        /// When set, the first response on this path sends only this many body bytes, then closes.
        public var cutAfterBytes: Int?

        public init(body: Data, status: Int = 200, honoursRange: Bool = true, cutAfterBytes: Int? = nil) {
            self.body = body
            self.status = status
            self.honoursRange = honoursRange
            self.cutAfterBytes = cutAfterBytes
        }
    }

    /// One request as received: its path and headers (names lowercased).
    public struct Request {
        public let path: String
        public let headers: [String: String]
    }

    public let port: UInt16
    private let listener: Int32
    private let lock = NSLock()
    private var routes: [String: Route]
    private var received: [Request] = []
    private var stopped = false

    public init(routes: [String: Route], lifetime: TimeInterval = 30) throws {
        self.routes = routes
        (listener, port) = try Self.openListener()
        let deadline = Date().addingTimeInterval(lifetime)
        let thread = Thread { [self] in serve(until: deadline) }
        thread.name = "LocalHTTPServer"
        thread.start()
    }

    /// `http://127.0.0.1:PORT/path`.
    public func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)/\(path)")!
    }

    /// The requests received so far, in order.
    public var requests: [Request] {
        lock.withLock { received }
    }

    /// Stops accepting connections; the serving thread closes the socket within 0.1 s.
    public func stop() {
        lock.withLock { stopped = true }
    }

    /// A port on 127.0.0.1 that nothing listens on: bound once by the kernel's choice, then released.
    public static func closedPort() throws -> UInt16 {
        let (socket, port) = try openListener()
        close(socket)
        return port
    }

    /// A listening socket on 127.0.0.1 and its ephemeral port.
    public static func openListener() throws -> (Int32, UInt16) {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw ServerError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { generic in
                bind(fd, generic, length) == 0 && listen(fd, 8) == 0
                    && getsockname(fd, generic, &length) == 0
            }
        }
        guard bound else {
            close(fd)
            throw ServerError("bind/listen on 127.0.0.1: \(String(cString: strerror(errno)))")
        }
        return (fd, UInt16(bigEndian: address.sin_port))
    }

    public struct ServerError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }

    // MARK: - Serving

    private func serve(until deadline: Date) {
        while Date() < deadline, !lock.withLock({ stopped }) {
            var poller = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            handle(client)
            close(client)
        }
        close(listener)
    }

    private func handle(_ client: Int32) {
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard let request = readRequest(client) else { return }
        let route: Route? = lock.withLock {
            received.append(request)
            let route = routes[request.path]
            if route?.cutAfterBytes != nil { routes[request.path]?.cutAfterBytes = nil }
            return route
        }
        guard let route else { return respond(client, status: 404, headers: [:], body: Data("not found".utf8)) }
        guard route.status == 200 else { return respond(client, status: route.status, headers: [:], body: Data()) }
        respond(client, to: request, with: route)
    }

    private func respond(_ client: Int32, to request: Request, with route: Route) {
        let total = route.body.count
        var start = 0
        var status = 200
        var headers: [String: String] = [:]
        if route.honoursRange, let range = request.headers["range"], range.hasPrefix("bytes="),
           let first = Int(range.dropFirst("bytes=".count).prefix { $0 != "-" })
        {
            guard first < total else {
                return respond(client, status: 416, headers: ["Content-Range": "bytes */\(total)"], body: Data())
            }
            start = first
            status = 206
            headers["Content-Range"] = "bytes \(first)-\(total - 1)/\(total)"
        }
        let body = route.body.subdata(in: start..<total)
        let sent = route.cutAfterBytes.map { body.prefix($0) } ?? body
        respond(client, status: status, headers: headers, body: Data(sent), contentLength: body.count)
    }

    private func respond(_ client: Int32, status: Int, headers: [String: String], body: Data,
                         contentLength: Int? = nil)
    {
        var head = "HTTP/1.1 \(status) \(status < 300 ? "OK" : "Error")\r\n"
        head += "Content-Length: \(contentLength ?? body.count)\r\nConnection: close\r\n"
        head += "Content-Type: application/octet-stream\r\n"
        for (name, value) in headers { head += "\(name): \(value)\r\n" }
        head += "\r\n"
        send(client, Data(head.utf8) + body)
    }

    private func send(_ client: Int32, _ data: Data) {
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                #if canImport(Glibc)
                let n = Glibc.send(client, buffer.baseAddress! + offset, buffer.count - offset, Int32(MSG_NOSIGNAL))
                #else
                let n = Darwin.send(client, buffer.baseAddress! + offset, buffer.count - offset, 0)
                #endif
                guard n > 0 else { return }
                offset += n
            }
        }
    }

    /// Reads the request line and headers (the tests' requests have no body).
    private func readRequest(_ client: Int32) -> Request? {
        var bytes = [UInt8]()
        var chunk = [UInt8](repeating: 0, count: 4096)
        let terminator: [UInt8] = Array("\r\n\r\n".utf8)
        while !bytes.ends(with: terminator), bytes.count < 65536 {
            let n = recv(client, &chunk, chunk.count, 0)
            guard n > 0 else { return nil }
            bytes += chunk[0..<n]
            if let end = bytes.firstRange(of: terminator) { bytes = Array(bytes[..<end.upperBound]) }
        }
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines.first?.split(separator: " ") ?? []
        guard requestLine.count >= 2 else { return nil }
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[line[..<colon].lowercased()] = value
        }
        return Request(path: String(requestLine[1].dropFirst()), headers: headers)
    }
}

private extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool {
        count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix
    }
}
