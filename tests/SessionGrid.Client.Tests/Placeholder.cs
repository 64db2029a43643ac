namespace SessionGrid.Client.Tests;
