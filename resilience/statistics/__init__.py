"""The URPS regional statistics: summary rows, query layer, disclosure control, dashboard, exports."""
