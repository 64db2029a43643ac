using System.Net.Sockets;
using SessionGrid.Client.Internal;

namespace SessionGrid.Client.Tests.Unit;

public sealed class FailureClassifierTests
{
    [Theory]
    [InlineData(SocketError.ConnectionRefused, DisconnectKind.Refused)]
    [InlineData(SocketError.ConnectionReset, DisconnectKind.Reset)]
    [InlineData(SocketError.ConnectionAborted, DisconnectKind.Reset)]
    [InlineData(SocketError.Shutdown, DisconnectKind.Reset)]
    [InlineData(SocketError.TimedOut, DisconnectKind.Timeout)]
    [InlineData(SocketError.HostNotFound, DisconnectKind.Dns)]
    [InlineData(SocketError.TryAgain, DisconnectKind.Dns)]
    [InlineData(SocketError.NetworkUnreachable, DisconnectKind.Other)]
    public void Classify_SocketError_MapsToKind(SocketError error, DisconnectKind expected)
    {
        Assert.Equal(expected, FailureClassifier.Classify(new SocketException((int)error)));
    }

    [Fact]
    public void Classify_IOExceptionWrappingReset_IsReset()
    {
        var wrapped = new IOException("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset));

        Assert.Equal(DisconnectKind.Reset, FailureClassifier.Classify(wrapped));
    }

    [Fact]
    public void Wrap_Refused_SaysWhatWasBeingDone()
    {
        var wrapped = FailureClassifier.Wrap(new SocketException((int)SocketError.ConnectionRefused), "Connecting to 127.0.0.1:1");

        Assert.Equal(DisconnectKind.Refused, wrapped.Kind);
        Assert.Equal("Connecting to 127.0.0.1:1 failed: the connection was refused.", wrapped.Message);
        Assert.IsType<SocketException>(wrapped.InnerException);
    }

    [Fact]
    public void Wrap_AlreadyClassified_KeptAsItIs()
    {
        var known = new SessionGridConnectionException(DisconnectKind.Protocol, "bad frame");

        Assert.Same(known, FailureClassifier.Wrap(known, "Reading"));
    }
}
