namespace Notify.Core;
