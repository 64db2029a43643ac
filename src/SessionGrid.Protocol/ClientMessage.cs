namespace SessionGrid.Protocol;

/// <summary>
/// One decoded client frame. A <c>ref struct</c> because its text fields are spans over the frame
/// or over the decoder's scratch: they are valid until the next
/// <see cref="ClientMessageDecoder.TryDecode"/> on the same decoder, and no longer than the frame
/// body passed to it. Convert what must outlive that (for example with <see cref="SessionIdResolver"/>).
/// </summary>
public ref struct ClientMessage
{
    /// <summary>Heartbeat, hello or bye.</summary>
    public ClientMessageKind Kind { get; internal set; }

    /// <summary>Declared status; <see cref="DeclaredStatus.Close"/> for a bye, <see cref="DeclaredStatus.Live"/> when a hello omits it.</summary>
    public DeclaredStatus Status { get; internal set; }

    /// <summary>Declared <c>ip</c>, UTF-8, unescaped; empty when absent (never for a heartbeat).</summary>
    public ReadOnlySpan<byte> Ip { get; internal set; }

    /// <summary>Session <c>id</c> (extension), UTF-8, unescaped; empty when absent.</summary>
    public ReadOnlySpan<byte> Id { get; internal set; }

    /// <summary>Whether <see cref="Pid"/> was sent.</summary>
    public bool HasPid { get; internal set; }

    /// <summary>Client process id.</summary>
    public long Pid { get; internal set; }

    /// <summary>Whether <see cref="Seq"/> was sent.</summary>
    public bool HasSeq { get; internal set; }

    /// <summary>Client sequence number (extension).</summary>
    public long Seq { get; internal set; }

    /// <summary>Whether <see cref="TimestampMs"/> was sent.</summary>
    public bool HasTimestamp { get; internal set; }

    /// <summary>Client clock, unix milliseconds (<c>ts</c>, extension).</summary>
    public long TimestampMs { get; internal set; }

    /// <summary><c>"ack": true</c>: the client wants an ack frame carrying <see cref="Seq"/>.</summary>
    public bool Ack { get; internal set; }

    /// <summary>Auth <c>token</c> from a hello, UTF-8, unescaped; empty when absent.</summary>
    public ReadOnlySpan<byte> Token { get; internal set; }

    /// <summary>Whether <see cref="IntervalSeconds"/> was sent.</summary>
    public bool HasInterval { get; internal set; }

    /// <summary>Heartbeat interval the client intends (hello), in seconds; always positive when present.</summary>
    public int IntervalSeconds { get; internal set; }

    /// <summary><c>reason</c> (bye), UTF-8, unescaped; empty when absent.</summary>
    public ReadOnlySpan<byte> Reason { get; internal set; }

    /// <summary>The body was a JSON string holding the object (the deployed double-encoded form).</summary>
    public bool DoubleEncoded { get; internal set; }
}
