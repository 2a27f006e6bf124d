//! Lambda function `weather-hourly`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("weather-hourly");
