namespace SessionGrid.Grains.Listing;

/// <summary>Ascending or descending.</summary>
public enum SortDirection
{
    Asc,
    Desc,
}
