namespace Notify.ServiceDefaults;
