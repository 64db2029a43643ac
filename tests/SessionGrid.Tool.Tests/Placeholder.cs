namespace SessionGrid.Tool.Tests;
