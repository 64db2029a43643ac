namespace SessionGrid.Protocol;

/// <summary>Outcome of <see cref="FrameCodec.TryReadFrame"/>.</summary>
public enum FrameReadStatus
{
    /// <summary>The header or the body is not all there yet; read more and call again.</summary>
    Incomplete,

    /// <summary>A whole frame was read; the body is a slice of the input.</summary>
    Frame,

    /// <summary>The declared length is zero or negative; the connection must be closed.</summary>
    InvalidLength,

    /// <summary>The declared length exceeds the limit; the connection must be closed without buffering the body.</summary>
    TooLarge,
}
