namespace SessionGrid.Client;
